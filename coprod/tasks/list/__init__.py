"""The `list` task type. A shared list that a group (or the room) adds to, seeded with the
toolkit's examples; with ``pick``, the room's list of problems from which each group picks some
and answers follow-up questions (the warning signs).

Its parts are the modules beside this one (the table in coprod/tasks/parts.py)."""
