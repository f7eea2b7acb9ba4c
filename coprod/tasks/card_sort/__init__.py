"""The `card_sort` task type. Statement cards that each person sorts into piles (agree, not sure,
disagree), then compares with a partner and the group; the board shows the most contested first.

Its parts are the modules beside this one (the table in coprod/tasks/parts.py)."""
