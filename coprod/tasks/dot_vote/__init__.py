"""The `dot_vote` task type. Each person (or each group) spreads a few dots over some options to
say what matters most, as with sticky dots on a flip chart; the board shows the room's totals
and each group's, most dots first.

Its parts are the modules beside this one (the table in coprod/tasks/parts.py); ``answer.py``
says what one stored vote looks like."""
