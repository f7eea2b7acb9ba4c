"""Questions answered in free text: notes posted to the board (Activity 1), each person's
notes (values, assets), a group's lists (glossary, gaps), reflections and a questionnaire's
open questions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from html import escape

from coprod.collate._common import (
    Output,
    Room,
    author,
    by,
    entries_html,
    heading,
    items,
    part_topic,
    private,
    task_heading,
    text_of,
)
from coprod.content import Activity, Part, QuestionsTask
from coprod.store import Answer
from coprod.tasks.questions.answer import Note, Started
from coprod.tasks.questions.shared import DEFAULT_FIELDS, note_columns


def render(room: Room, activity: Activity, part: Part, task: QuestionsTask, level: int) -> Output:
    answers = room.answers(activity.id, task.id)
    if task.who == "group":
        return _group_lists(room, task, answers, level)
    if task.repeatable:
        return _reflections(room, part, task, answers, level) if room.facilitator else _private(answers)
    if task.answer == "text":
        return _questionnaire(room, task, answers, level) if room.facilitator else _private(answers)
    if task.post_to_board and room.audience != "person":  # one's own printout: every note, posted or not
        return _board(room, task, answers, level)
    return _notes(room, part, task, answers, level) if room.facilitator else _private(answers)


def _private(answers: list[Answer]) -> Output:
    """For the room: what each person wrote here is theirs, so the room is told that, and how
    many have written, rather than that nothing has been made."""
    people = len({a.owner_id for a in answers if a.scope == "participant" and text_of(a)})
    if not people:
        return Output()
    return Output(room=f"<p class='coprod-collate-private'>{people} {'person has' if people == 1 else 'people have'}"
                       " written here. What each person writes is theirs: only they and the facilitator see it.</p>")


def _board(room: Room, task: QuestionsTask, answers: list[Answer], level: int) -> Output:
    """The whiteboard: the notes people posted, by question, then by group."""
    grouped = room.by_group(answers, scope="participant")
    columns = {key: note_columns(task, grouped.get(key, [])) for key, _ in room.sections()}
    parts = []
    for index, question in enumerate(task.questions):
        parts.append(heading(level - 1, question.text))
        posted = 0
        for key, name in room.sections():
            notes = columns[key][index]["notes"]
            if notes:
                posted += len(notes)
                parts.append(heading(level, name, "coprod-collate-group-name"))
                parts.append(items((escape(n["text"]) + (by(n["author"] or "Someone") if room.names else "")
                                    for n in notes),
                                   css="coprod-collate-notes"))
        if not posted:
            parts.append("<p class='coprod-empty'>Nothing posted yet.</p>")
    return Output(room="".join(parts))


def _note_text(room: Room, answer: Answer) -> str:
    """A note with who wrote it, and for whom if a partner added it."""
    text = escape(text_of(answer))
    if answer.author_id is not None and answer.author_id != answer.owner_id:
        return text + by(f"{author(answer)}, for {room.person_name(answer.owner_id)}")
    return text + by(author(answer))


def _notes(room: Room, part: Part, task: QuestionsTask, answers: list[Answer], level: int) -> Output:
    """Each person's notes (their values, what they bring), in their group, by question."""
    out = Output()
    title = task_heading(part, task, f"Everyone's answers: {part_topic(part, 'notes').lower()}")
    for key, group_answers in room.by_group(answers, scope="participant").items():
        notes = [a for a in group_answers if text_of(a)]
        if not notes:
            continue
        html = [heading(level, title)]
        asked = {a.id: getattr(Note.from_stored(a.value), "question", None) for a in notes}  # each read once
        for question in task.questions:
            mine = [a for a in notes if asked[a.id] == question.id]
            if mine:
                html.append(heading(level + 1, question.text))
                html.append(items((_note_text(room, a) for a in mine), css="coprod-collate-notes"))
        out.groups[key] = private(room, "".join(html), "each person's notes")
    return out


def _group_lists(room: Room, task: QuestionsTask, answers: list[Answer], level: int) -> Output:
    """Each group's list for each question (a glossary, language that helps, gaps, ...)."""
    out = Output()
    for key, group_answers in room.by_group(answers, scope="group").items():
        html = []
        for question in task.questions:
            prefix = f"{question.id}/"
            entries = [a for a in group_answers if a.item.startswith(prefix)]
            fields = [(f.id, f.label) for f in (question.fields or DEFAULT_FIELDS)]
            html.append(heading(level, question.text))
            html.append(entries_html(question.text, fields, entries, empty="Nothing written yet.",
                                     show_authors=room.names))
        out.groups[key] = "".join(html)
    return out


def _round(item: str) -> tuple[int, str] | None:
    head, _, rest = item.partition("/")
    return (int(head[1:]), rest) if head.startswith("r") and head[1:].isdigit() and rest else None


def _date(iso) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%d %B %Y")
    except (TypeError, ValueError):
        return ""


def _reflections(room: Room, part: Part, task: QuestionsTask, answers: list[Answer], level: int) -> Output:
    """Each person's reflections, every round, dated where a later round was started."""
    out = Output()
    for key, group_answers in room.by_group(answers, scope="participant").items():
        html = []
        for owner, mine in room.by_owner(group_answers).items():
            rounds: dict[int, dict[str, Answer]] = {}
            for answer in mine:
                found = _round(answer.item)
                if found:
                    rounds.setdefault(found[0], {})[found[1]] = answer
            said = []
            for number in sorted(rounds):
                texts = [(q.text, text_of(rounds[number][q.id])) for q in task.questions if q.id in rounds[number]]
                texts = [(q, t) for q, t in texts if t]
                if not texts:
                    continue
                started = Started.from_stored(rounds[number]["started"].value) if "started" in rounds[number] else None
                when = _date(started.at) if started else ""
                label = f"Reflection {number}" + (f" ({when})" if when else "")
                pairs = "".join(f"<dt>{escape(q)}</dt><dd dir='auto'>{escape(t)}</dd>" for q, t in texts)
                said.append(f"<p class='coprod-collate-round'>{escape(label)}</p><dl>{pairs}</dl>")
            if said:
                html.append(heading(level + 1, room.person_name(owner)) + "".join(said))
        if html:
            out.groups[key] = heading(level, task_heading(part, task, "Reflections")) + private(
                room, "".join(html), "each person's reflections")
    return out


def open_answers(task: QuestionsTask, answers: Iterable[Answer]) -> list[tuple[str, list[str]]]:
    """A questionnaire's open answers: each question with every non-empty answer to it."""
    texts: dict[str, list[str]] = {q.id: [] for q in task.questions}
    for answer in answers:
        if answer.scope == "participant" and answer.item in texts and (text := text_of(answer)):
            texts[answer.item].append(text)
    return [(q.text, texts[q.id]) for q in task.questions]


def _questionnaire(room: Room, task: QuestionsTask, answers: list[Answer], level: int) -> Output:
    """Open questions, by question, unsigned as on the paper questionnaire."""
    html = []
    for question, texts in open_answers(task, answers):
        html.append(heading(level - 1, question))
        html.append(items((escape(t) for t in texts), empty="No answers yet.", css="coprod-collate-open"))
    return Output(room=private(room, "".join(html), "the questionnaire's open answers"))
