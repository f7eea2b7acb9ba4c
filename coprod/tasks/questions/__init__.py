"""The `questions` task type. Questions answered with notes (as many short responses as people
like, some posted to the board), one text each, a group's lists of answers, or reflections
repeated and dated; with a partner's additions.

Its parts are the modules beside this one (the table in coprod/tasks/parts.py)."""
