"""The `contact` task type. An optional email address for the follow-up months later, given only
with explicit consent; kept apart from answers and never shown on a board or in a report.

Its parts are the modules beside this one (the table in coprod/tasks/parts.py)."""

NOT_COLLATED = "an email address is never shown"
