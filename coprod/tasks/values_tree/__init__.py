"""The `values_tree` task type. A group's values tree: roots from the members' own values, the
trunk's groups of values, and the leaves.

Its parts are the modules beside this one (the table in coprod/tasks/parts.py)."""
