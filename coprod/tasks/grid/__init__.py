"""The `grid` task type. A grid: without rows, boxes (each person's own, or a group's lists of
entries); with rows of stakeholders given to groups, each group's row of needs.

Its parts are the modules beside this one (the table in coprod/tasks/parts.py)."""
