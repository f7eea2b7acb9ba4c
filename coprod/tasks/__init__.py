"""The widget-free half of each task type: how its stored answers are decoded and drawn as
HTML. The participant's page (coprod.activities, which builds widgets) and the read side
(coprod.collate, coprod.analysis, coprod.report, coprod.exports) both import from here, so that
the read side never loads ipywidgets (tests/unit/test_task_types.py checks it)."""
