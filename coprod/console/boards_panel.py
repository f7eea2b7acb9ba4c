"""The live boards: the whiteboard and flip charts of the paper version, one per activity.

The board shown is redrawn whenever the workshop changes (the page's live feed); others
are drawn only when chosen, so a board costs nothing while nobody looks at it. From here
the facilitator shows an activity's results to participants, and hides a single post
(it stays stored, and in the exports, marked hidden).
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.activities.page import facilitator_notes, html
from coprod.collate import activity_html, posts
from coprod.console.controls import button, say
from coprod.content import CourseContent, GridTask
from coprod.locking import page_lock
from coprod.moderation import hidden_posts, post_key, revealed, set_hidden, set_revealed
from coprod.plan import planned
from coprod.store import Store, Workshop
from coprod.tasks.grid.needs_builder import NeedsControls
from coprod.widgets import Status


class BoardsPanel:
    def __init__(self, store: Store, content: CourseContent, workshop: Workshop):
        self.store, self.content, self.workshop = store, content, workshop
        self.chosen = w.Dropdown(options=[], description="Board")
        self.chosen.add_class("coprod-board-choice")
        self.chosen.observe(self._board_changed, "value")
        self.reveal = w.Checkbox(description="Show this activity's results to participants", indent=False)
        self.reveal.observe(self._reveal_changed, "value")
        # The toolkit's instructions for the chosen activity, word for word: participants' pages
        # show its aims and what to do, never these (written for whoever runs the session).
        self.notes = w.HTML()
        self.notes.add_class("coprod-speaker-notes")
        self.board = w.HTML()
        self.board.add_class("coprod-live-board")
        self.extra = w.VBox()  # an activity's own controls (Activity 7: a stakeholder per group)
        # Off whenever the console opens: a console on the projector shows no private answer until
        # the facilitator asks for them.
        self.show_private = w.Checkbox(description="Show private answers (not for the projector)", indent=False)
        self.show_private.add_class("coprod-show-private")
        self.show_private.observe(lambda _c: self._redraw(), "value")
        self.moderate = w.Checkbox(description="Hide or show single posts", indent=False)
        self.moderate.observe(lambda _c: self._redraw(), "value")
        self.post_rows = w.VBox()
        self.post_rows.add_class("coprod-moderation")
        self.said = Status()
        self._needs = {a.id: NeedsControls(store, content, workshop, a, t, said=lambda text: say(self.said, text))
                       for a in content.activities
                       for p in a.parts for t in p.tasks if isinstance(t, GridTask) and t.rows and t.who == "group"}
        self._drawing = False
        self._posts_drawn = None
        self.widget = w.VBox([
            html("<h2>Boards</h2>", "coprod-console-heading"),
            self.chosen, self.notes, self.reveal, self.show_private, self.extra, self.board, self.moderate,
            self.post_rows, self.said,
        ])
        self.widget.add_class("coprod-console-boards")

    def draw(self, settings: dict) -> None:
        self._drawing = True  # setting the controls here is not the facilitator acting
        try:
            activities = [s.activity for s in planned(self.content, settings)]
            options = [(f"{a.number}. {a.title}", a.id) for a in activities]
            if list(self.chosen.options) != options:
                here = self.chosen.value
                self.chosen.options = options
                self.chosen.value = here if here in {a.id for a in activities} else activities[0].id
            activity = self.content.activity(self.chosen.value)
            notes = (f"<details><summary>Instructions for the facilitator (Activity {activity.number})</summary>"
                     f"{facilitator_notes(activity)}</details>")
            if self.notes.value != notes:  # set only when the activity changes: an opened one stays open
                self.notes.value = notes
            self.reveal.value = revealed(settings, activity.id)
            needs = self._needs.get(activity.id)
            if needs is not None:
                needs.draw()
            self.extra.children = [needs.widget] if needs is not None else []
            hidden = hidden_posts(settings)
            self.board.value = (f"<h3 class='coprod-board-title'>Activity {activity.number}: "
                                f"{escape(activity.title)}</h3>"
                                + activity_html(self.store, self.content, self.workshop, activity, hidden=hidden,
                                                fold_private=not self.show_private.value))
            self._draw_posts(activity, hidden)
        finally:
            self._drawing = False

    def _draw_posts(self, activity, hidden: frozenset[str]) -> None:
        if not self.moderate.value:
            self.post_rows.children = []
            self._posts_drawn = None
            return
        found = posts(self.store, self.content, self.workshop, activity)
        folded = 0 if self.show_private.value else sum(1 for p in found if p.private)
        found = [p for p in found if self.show_private.value or not p.private]
        shape = ([(post_key(p.answer), p.answer.id, post_key(p.answer) in hidden) for p in found], folded)
        if shape == self._posts_drawn:
            return  # keep the buttons (and the keyboard focus) while nothing changed
        self._posts_drawn = shape
        rows = []
        for number, post in enumerate(found, start=1):
            is_hidden = post_key(post.answer) in hidden
            who = f"{post.author} ({post.group})" if post.group else post.author
            mark = (" <span class='coprod-private-label'>(private: not shared with the room)</span>"
                    if post.private else "")
            line = html(f"<p class='coprod-post{' coprod-post-hidden' if is_hidden else ''}'>"
                        f"<strong>Post {number}</strong>{mark}, by {escape(who or 'someone')}"
                        f"{' (hidden)' if is_hidden else ''}: <span dir='auto'>{escape(post.preview)}</span></p>",
                        "coprod-post-line")
            toggle = button(f"{'Show' if is_hidden else 'Hide'} post {number}", secondary=not is_hidden)
            toggle.on_click(lambda _b, p=post, h=is_hidden: self._set_hidden(p, not h))
            rows.append(w.HBox([line, toggle]))
        if folded:
            rows.append(html(f"<p class='coprod-private-folded'><strong>Private:</strong> {folded} answer"
                             f"{'' if folded == 1 else 's'} seen only by {'its' if folded == 1 else 'their'} writer"
                             f"{'' if folded == 1 else 's'} and you, not listed. Tick “Show private answers” "
                             "to list them (not on the projector).</p>", "coprod-console-help"))
        elif not rows:
            rows.append(html("<p>Nothing has been posted in this activity yet.</p>", "coprod-console-help"))
        self.post_rows.children = rows

    def _board_changed(self, _change) -> None:
        if not self._drawing:
            say(self.said, "")  # what it said was about the board shown before
        self._redraw()

    def _redraw(self) -> None:
        with page_lock:
            if not self._drawing:
                self.draw(self.store.settings(self.workshop.id))

    def _reveal_changed(self, change) -> None:
        with page_lock:
            if self._drawing or not self.chosen.value:
                return
            set_revealed(self.store, self.workshop, self.chosen.value, bool(change["new"]))
            say(self.said, "Participants now see these results." if change["new"] else
                "These results are hidden from participants again.")

    def _set_hidden(self, post, hide: bool) -> None:
        with page_lock:
            set_hidden(self.store, self.workshop, post.answer, hide)
            say(self.said, "The post is hidden from every board and from participants' pages; it is still stored."
                if hide else "The post is shown again.")
            self.draw(self.store.settings(self.workshop.id))
