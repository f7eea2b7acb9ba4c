"""The `scenarios` task type. The power scenarios: a group chooses an example, rates the power each
stakeholder group has now and should have for each decision (heatmaps), and discusses them.

Its parts are the modules beside this one (the table in coprod/tasks/parts.py)."""
