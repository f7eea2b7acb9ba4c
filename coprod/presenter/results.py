"""The results of an activity drawn for the room's screen, once the facilitator reveals them.

The room-safe view of coprod.collate, as in the report shared with the room: nothing that
only its writer and the facilitator see (notes not posted, reflections, power cards, the
questionnaire's open answers), no hidden post, no email, and no name beside anyone's own
answer. Drawn for a wide screen: every group's work side by side (coprod.css), and the card
sort as one diverging bar per statement for each group (collate.card_sort).
"""

from __future__ import annotations

from coprod.collate import collate
from coprod.collate._common import Room
from coprod.content import Activity, CourseContent
from coprod.moderation import hidden_posts
from coprod.store import Store, Workshop
from coprod.tasks.card_sort.collation import render_card_sort_bars

RENDERERS = {"card_sort": render_card_sort_bars}


def results_html(store: Store, content: CourseContent, workshop: Workshop, activity: Activity,
                 settings: dict) -> str:
    room = Room.read(store, content, workshop, hidden=hidden_posts(settings), audience="room", names=False)
    return (f"<section class='coprod-presenter-results' aria-labelledby='coprod-presenter-results-heading'>"
            f"<h2 id='coprod-presenter-results-heading'>The room's results</h2>"
            f"{collate(room, activity, renderers=RENDERERS)}</section>")
