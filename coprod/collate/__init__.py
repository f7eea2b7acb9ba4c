"""What the room has made, collated per activity and by group: for the facilitator's live
boards, for participants when the facilitator reveals an activity's results, and for the
workshop report.

Each task type has its own view (``render`` in coprod/tasks/<type>/collation.py), reusing the
renderers the participant's page draws with (the board's columns, the values tree, the needs
grid, the heatmaps, the picked problems), which live in the same package, free of widgets. A
view returns an HTML fragment whose headings start at h3 (the caller supplies the activity's
h2); everything a person typed is escaped, posts the facilitator has hidden are left out, and
no email address is ever part of it.

``audience="room"`` leaves out what only its writer and the facilitator see (the privacy
notice's promise): notes not posted to the board, reflections, each person's power card,
the questionnaire's open answers. It keeps group work, posted notes, counts, and texts the
activity shares (the commitments' wall, the values on a group's tree).
"""

from __future__ import annotations

import re
from html import escape

from coprod.collate._common import Audience, Room, heading
from coprod.collate.chart import diverging_svg
from coprod.collate.posts import Post, posts
from coprod.content import Activity, CourseContent
from coprod.store import Store, Workshop
from coprod.tasks.parts import parts

__all__ = ["Audience", "Post", "activity_html", "collate", "diverging_svg", "posts"]


NOTHING_YET = "<p class='coprod-empty'>Nothing has been made in this activity yet.</p>"


def activity_html(store: Store, content: CourseContent, workshop: Workshop, activity: Activity | str, *,
                  hidden: frozenset[str] = frozenset(), audience: Audience = "facilitator",
                  fold_private: bool = False) -> str:
    """Everything the room made in one activity, as an HTML fragment (headings h3 and below).

    The whole room's collated outputs come first in each part, then each group's work under
    its name (groups in the order they were made; people without a group last). ``hidden``
    is the set of hidden post keys (``coprod.moderation.hidden_posts(settings)``). For the
    facilitator, private answers are marked, or folded to a line each with ``fold_private``.
    """
    if isinstance(activity, str):
        activity = content.activity(activity)
    room = Room.read(store, content, workshop, hidden=hidden, audience=audience, fold_private=fold_private)
    return collate(room, activity)


# A table's scrolling region, named by its caption (collate._common.table): each group's tables
# have the same captions, so their regions are named with the group too, or a screen reader's
# list of regions holds several of the same name, none telling whose it is.
REGION = re.compile(r"role='region' tabindex='0' aria-label='([^']*)'")


def _regions_of(group: str, html: str) -> str:
    return REGION.sub(lambda m: f"role='region' tabindex='0' aria-label='{m.group(1)}: {escape(group)}'", html)


def collate(room: Room, activity: Activity, *, renderers: dict | None = None) -> str:
    """``activity_html`` for a room already read (the report reads it once for every activity).
    ``renderers``: views of some task types drawn another way (the presenter view's)."""
    # Each type's collation (coprod/tasks/<type>/collation.py), looked up here rather than when this
    # package is imported, since collations import its modules. A type without one says why in its
    # package (coprod.tasks.parts.not_collated: an email is never shown).
    renderers = {**parts("collation"), **(renderers or {})}
    multi = len(activity.parts) > 1
    top = 4 if multi else 3
    html = []
    for number, part in enumerate(activity.parts, start=1):
        outputs = [renderers[task.type](room, activity, part, task, top + 1)
                   for task in part.tasks if task.type in renderers]
        body = [o.room for o in outputs if o.room]
        for key, name in room.sections():
            work = _regions_of(name, "".join(o.groups.get(key, "") for o in outputs))
            if work:
                body.append(f"<section class='coprod-collate-group'>{heading(top, name)}{work}</section>")
        if multi:
            html.append(f"<section class='coprod-collate-part'>{heading(3, part.title or f'Part {number}')}"
                        f"{''.join(body) or NOTHING_YET}</section>")
        else:
            html.append("".join(body))
    inner = "".join(html)
    return f"<div class='coprod-collate' data-activity='{escape(activity.id)}'>{inner or NOTHING_YET}</div>"
