"""The `text` task type. One whole text: a person's own (optionally on their group's wall), or one
the group writes together, merged as they type.

Its parts are the modules beside this one (the table in coprod/tasks/parts.py)."""
