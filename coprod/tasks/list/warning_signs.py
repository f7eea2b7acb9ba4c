"""Activity 9: the room's list of things that can go wrong (the toolkit's problems and the
participants' own), each group's two picks, and for each pick its warning signs and
solutions."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.activities.group_lists import shared_list
from coprod.activities.page import NO_GROUP, html, notice
from coprod.activities.text_entry import text_entry
from coprod.content import Activity, EntryField, ListTask
from coprod.session import Session
from coprod.tasks.answers import EntryValue
from coprod.tasks.list.answer import Picks
from coprod.tasks.list.picks import ADDED, PICKED
from coprod.widgets import Picker


def problems(session: Session, activity: Activity, task: ListTask) -> list[dict]:
    """The toolkit's problems, then those the room added (newest last)."""
    found = [{"id": e.id, "text": e.text} for e in task.examples]
    for answer in session.answers(activity.id, task.id, scope="workshop"):
        entry = EntryValue.from_stored(answer.value) if answer.item.startswith(f"{ADDED}/") else None
        if entry is not None and not entry.removed and entry.text:
            found.append({"id": answer.item, "text": entry.text})
    return found


def build_warning_signs(activity: Activity, task: ListTask, session: Session) -> w.Widget:
    room_list = shared_list(
        session, activity, task.id, ADDED, scope="workshop",
        title="Our own examples of things that can go wrong",
        intro="Add anything that can go wrong with co-production, from experience or imagined. Everyone in the "
              "room sees this list.",
        fields=[EntryField(id="text", label="Something that can go wrong")], add_label="Add to the room's list",
    )
    heading = html(f"<h3>{escape(task.examples_intro or 'Problems')}</h3>", "coprod-problems-heading")
    if session.participant.group_id is None:
        return w.VBox([room_list, heading, notice(NO_GROUP)])

    def load() -> list[str]:
        answers = [a for a in session.answers(activity.id, task.id, scope="group") if a.item == PICKED]
        picks = Picks.from_stored(answers[-1].value) if answers else None
        return picks.chosen() if picks is not None else []

    picker = Picker(
        legend=f"Choose {task.pick} problems for your group to work on", limit=task.pick or 2,
        options=problems(session, activity, task), value=load(), load=load,
        save=lambda ids: session.save(activity.id, task.id, PICKED, {"ids": ids}, scope="group"),
    )
    worked = w.VBox()
    worked.add_class("coprod-picked")
    built: dict[str, w.Widget] = {}

    def draw() -> None:
        options = problems(session, activity, task)
        if options != picker.options:
            picker.options = options
        chosen = load()
        if chosen != picker.value:
            picker.value = chosen
        texts = {o["id"]: o["text"] for o in options}
        children = []
        for problem_id in chosen:
            if problem_id not in built:
                built[problem_id] = w.VBox([
                    html(f"<h4>{escape(texts.get(problem_id, ''))}</h4>", "coprod-picked-heading"),
                    # The problem in each box's name: two problems ask the same questions.
                    *(text_entry(session, activity.id, task.id, f"{problem_id}/{q.id}",
                                 f"{q.text} ({texts.get(problem_id, '')})", scope="group", rows=3)
                      for q in task.follow_up),
                ])
            children.append(built[problem_id])
        worked.children = children

    picker.observe(lambda _change: draw(), "value")
    session.watch(draw)
    return w.VBox([room_list, heading, picker, worked])


