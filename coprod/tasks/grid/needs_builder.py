"""Activity 7: what stakeholders need. The facilitator gives each group a stakeholder (a
row of the toolkit's grid, one from the group's Activity 6 list, or a hypothetical one);
the group fills its row; the collated grid is shown to everyone when the facilitator
shows the activity's results (coprod.moderation.revealed, as for every activity)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as w

from coprod.activities.page import NO_GROUP, html, notice
from coprod.activities.text_entry import text_entry
from coprod.content import Activity, CourseContent, GridTask
from coprod.locking import one_at_a_time
from coprod.session import Session
from coprod.store import Store, Workshop
from coprod.store.known_settings import GROUP_ROW
from coprod.tasks.answers import EntryValue
from coprod.tasks.grid.needs import assigned, row_name, stakeholder_slug
from coprod.text import clean


def build_needs_grid(activity: Activity, task: GridTask, session: Session) -> w.Widget:
    if session.participant.group_id is None:
        return notice(NO_GROUP)
    box = w.VBox()
    box.add_class("coprod-needs")
    shown = {"row": None}

    def draw() -> None:
        row = assigned(session.store.settings(session.workshop.id), task, session.participant.group_id)
        if row == shown["row"] and box.children:
            return
        shown["row"] = row
        # Each stakeholder is its own row of answers: a new one starts empty.
        entries = [text_entry(session, activity.id, task.id, f"{stakeholder_slug(row)}/{c.id}", c.heading,
                              scope="group", rows=3) for c in task.columns] if row else []
        heading = (html(f"<h3>Your group's stakeholder: {escape(row)}</h3>", "coprod-needs-row") if row else
                   notice("The facilitator will give your group a stakeholder to think about."))
        box.children = [heading, *entries]

    session.watch(draw)
    return box






class NeedsControls:
    """The facilitator gives each group its stakeholder (the board shows the collated grid)."""

    def __init__(self, store: Store, content: CourseContent, workshop: Workshop, activity: Activity,
                 task: GridTask, *, said: Callable[[str], None] = lambda _text: None):
        """``said`` puts what was done in the board's status line (so it never tells of something older)."""
        self.store, self.content, self.workshop, self.activity, self.task = store, content, workshop, activity, task
        self.said = said
        self.rows = w.VBox()
        self._drawing = False
        self._drawn = None
        self.widget = w.VBox([
            html("<h3>A stakeholder for each group</h3>", "coprod-console-heading"), self.rows])

    def _options(self, group_id: int) -> list[tuple[str, str]]:
        """(label, stakeholder) pairs: the group's own Activity 6 list first, marked as theirs (they
        were lost among the toolkit's rows), then the toolkit's rows."""
        own: list[str] = []
        if self.task.rows_from:
            source = next(a for a in self.content.activities for p in a.parts for t in p.tasks
                          if t.id == self.task.rows_from)
            for answer in self.store.current(self.workshop.id, source.id, self.task.rows_from, scope="group",
                                             owner_id=group_id):
                entry = EntryValue.from_stored(answer.value)
                if entry is not None and not entry.removed and entry.text.strip() and entry.text not in own:
                    own.append(entry.text)
        toolkit = [r.text for r in self.task.rows if r.text not in own]
        return [(f"{text} (from the group's list)", text) for text in own] + [(text, text) for text in toolkit]

    @one_at_a_time
    def draw(self) -> None:
        settings = self.store.settings(self.workshop.id)
        self._drawing = True
        try:
            groups = self.store.groups(self.workshop)
            drawn = (groups, [assigned(settings, self.task, g.id) for g in groups],
                     [self._options(g.id) for g in groups])
            if drawn != self._drawn:
                self._drawn = drawn
                self.rows.children = [self._row_control(g, current, options)
                                      for g, current, options in zip(*drawn, strict=True)]
        finally:
            self._drawing = False

    def _row_control(self, group, current: str | None, options: list[str]) -> w.Widget:
        choices = [("(none yet)", ""), *options]
        if current and current not in {value for _, value in options}:
            choices.append((current, current))  # a hypothetical one given earlier
        pick = w.Dropdown(options=choices, value=current or "", description=f"Stakeholder for {group.name}")
        pick.observe(lambda change: self._assign(group.id, change["new"]), "value")
        own = w.Text(description=f"Or a hypothetical one for {group.name}")
        give = w.Button(description=f"Give it to {group.name}")
        give.add_class("coprod-button-widget")
        give.on_click(lambda _b: self._give(group.id, own.value))
        return w.VBox([pick, own, give])

    def _give(self, group_id: int, typed: str) -> None:
        # The box's value comes from the browser: control characters never reach the store, and
        # nothing typed (or only invisible characters) gives nothing ("(none yet)" clears a row).
        text = clean(typed, limit=None)[:200]
        if text:
            self._assign(group_id, text)

    @one_at_a_time
    def _assign(self, group_id: int, text: str) -> None:
        if self._drawing or group_id not in {g.id for g in self.store.groups(self.workshop)}:
            return
        GROUP_ROW.write(self.store, self.workshop, row_name(self.task, group_id), text or None)
        name = next((g.name for g in self.store.groups(self.workshop) if g.id == group_id), "The group")
        self.said(f"{name}'s stakeholder is now: {text}." if text else f"{name} has no stakeholder now.")
        self.draw()
