"""The `scale` task type. Statements rated on an ordered scale (the evaluation questionnaire),
optionally compared with an earlier scale task, person by person and on the board.

Its parts are the modules beside this one (the table in coprod/tasks/parts.py)."""
