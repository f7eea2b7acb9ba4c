"""Change over time: what people knew and wanted to know at the start (Activity 1) against what
they knew at the end (Activity 10), and their answers on the day (Activity 11) against the
follow-up's, months later. Each frame is per person; ``across_workshops`` puts several
workshops' frames into one.

Only people still in the workshop are counted, by their names as chosen (or P01, P02, ... with
``anonymised``, as in the anonymised exports). A scale's answers are coded 1 for its first
option ("Strongly disagree") to k for its last; a change is the later code minus the earlier,
so positive is a move towards the scale's end ("Strongly agree").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import pandas as pd

from coprod.analysis._common import Names, valid_choice
from coprod.content import CourseContent, QuestionsTask, ScaleTask
from coprod.exports.people import iso_utc
from coprod.store import WORKBOOK, Store, Workshop
from coprod.tasks.answers import TextValue
from coprod.tasks.questions.answer import Note

if TYPE_CHECKING:
    from coprod.store import Answer

# Where the course asks what people know, want to know and now know: (activity, task, question).
ALREADY_KNOW = ("what-do-you-know", "know-questions", "already-know")
WANT_TO_KNOW = ("what-do-you-know", "know-questions", "want-to-know")
NOW_KNOW = ("reflecting", "reflection", "now-know")

KNOWLEDGE_COLUMNS = ["workshop", "participant", "group", "already_know_notes", "already_know",
                     "want_to_know_notes", "want_to_know", "reflections", "now_know"]
FOLLOWUP_CHANGE_COLUMNS = ["workshop", "participant", "group", "statement_id", "statement", "on_the_day_code",
                           "on_the_day", "months_later_code", "months_later", "change"]
FOLLOWUP_ANSWER_COLUMNS = ["workshop", "participant", "group", "task", "item", "question", "answer", "code", "time"]
FOLLOWUP_SUMMARY_COLUMNS = ["statement_id", "statement", "paired", "mean_on_the_day", "mean_months_later",
                            "mean_change", "up", "same", "down"]
NOTE_SEPARATOR = "\n"  # between one person's notes in a cell


def _notes(store: Store, workshop: Workshop, where: tuple[str, str, str], person: int) -> list[str]:
    """A person's current notes for one question, oldest first, without removed ones."""
    activity, task, question = where
    texts = []
    for answer in store.current(workshop.id, activity, task, scope="participant", owner_id=person):
        note = Note.from_stored(answer.value)
        if note is not None and note.question == question and not note.removed and note.text.strip():
            texts.append(note.text)
    return texts


def _reflections(store: Store, workshop: Workshop, where: tuple[str, str, str], person: int) -> list[str]:
    """A person's answers to one question of a repeatable reflection, one per reflection, in order
    (stored under ``r<N>/<question>``)."""
    activity, task, question = where
    found = {}
    for answer in store.current(workshop.id, activity, task, scope="participant", owner_id=person):
        head, _, tail = answer.item.partition("/")
        text = TextValue.text_of(answer.value)
        if tail == question and head[1:].isdigit() and text.strip():
            found[int(head[1:])] = text
    return [found[n] for n in sorted(found)]


def knowledge_change(store: Store, content: CourseContent, workshop: Workshop, *,
                     anonymised: bool = False) -> pd.DataFrame:
    """One row per person still in the workshop: their Activity 1 notes of what they already
    know and want to know (how many, and the texts one to a line) and their Activity 10
    answers to "What do I now know about co-production?" (how many reflections answered it,
    and the texts, oldest first). Read the three side by side: the texts are the data; the
    counts only say who wrote what."""
    names = Names(store, workshop, anonymised=anonymised)
    text = names.anon.text if names.anon else (lambda t: t)
    rows = []
    for person in names.present:
        know = _notes(store, workshop, ALREADY_KNOW, person.id)
        want = _notes(store, workshop, WANT_TO_KNOW, person.id)
        now = _reflections(store, workshop, NOW_KNOW, person.id)
        rows.append([text(workshop.name), names.person(person.id), names.group(person.group_id),
                     len(know), text(NOTE_SEPARATOR.join(know)), len(want), text(NOTE_SEPARATOR.join(want)),
                     len(now), text(NOTE_SEPARATOR.join(now))])
    return pd.DataFrame(rows, columns=KNOWLEDGE_COLUMNS).astype(
        {"already_know_notes": "int64", "want_to_know_notes": "int64", "reflections": "int64"})


KNOWLEDGE_SUMMARY_COLUMNS = ["workshop", "people", "wrote_already_know", "wrote_want_to_know", "wrote_now_know",
                             "start_and_end", "mean_already_know_notes", "mean_want_to_know_notes"]


def knowledge_summary(store: Store, content: CourseContent, workshop: Workshop) -> pd.DataFrame:
    """The workshop's row of ``summarise_knowledge``."""
    return summarise_knowledge(knowledge_change(store, content, workshop))


def summarise_knowledge(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per workshop of a ``knowledge_change`` frame (several workshops' too): how many people,
    how many wrote what they already know, want to know and (Activity 10) now know, how many wrote
    at the start (either Activity 1 question) and at the end, and the mean number of notes a person
    wrote for each Activity 1 question."""
    rows = []
    for workshop, people in frame.groupby("workshop", sort=False):
        start = (people["already_know_notes"] > 0) | (people["want_to_know_notes"] > 0)
        rows.append([workshop, len(people), int((people["already_know_notes"] > 0).sum()),
                     int((people["want_to_know_notes"] > 0).sum()), int((people["reflections"] > 0).sum()),
                     int((start & (people["reflections"] > 0)).sum()), people["already_know_notes"].mean(),
                     people["want_to_know_notes"].mean()])
    return pd.DataFrame(rows, columns=KNOWLEDGE_SUMMARY_COLUMNS).astype(
        {"people": "int64", "wrote_already_know": "int64", "wrote_want_to_know": "int64", "wrote_now_know": "int64",
         "start_and_end": "int64", "mean_already_know_notes": "float64", "mean_want_to_know_notes": "float64"})


def _compared_scale(content: CourseContent) -> tuple[ScaleTask, str, ScaleTask] | None:
    """The follow-up's scale that asks an activity's scale again: (it, that activity's id, that scale)."""
    if content.followup is None:
        return None
    for task in content.followup.tasks:
        if isinstance(task, ScaleTask) and task.compare_with:
            for activity in content.activities:
                for part in activity.parts:
                    for earlier in part.tasks:
                        if earlier.id == task.compare_with:
                            return task, activity.id, earlier
    return None


def _choices(answers: list[Answer], options: int) -> dict[str, tuple[int, Answer]]:
    found = {}
    for answer in answers:
        choice = valid_choice(answer.value, options)
        if choice is not None:
            found[answer.item] = (choice, answer)
    return found


def followup_change(store: Store, content: CourseContent, workshop: Workshop, *,
                    anonymised: bool = False) -> pd.DataFrame:
    """One row per person and statement asked on the day (Activity 11) and again in the
    follow-up, for each person who answered the follow-up's statement: the code and answer on
    the day and months later (NA where not answered) and ``change`` (months later minus on the
    day; NA unless both were answered). Empty when the course has no follow-up scale."""
    found = _compared_scale(content)
    names = Names(store, workshop, anonymised=anonymised)
    rows = []
    if found is not None:
        later, earlier_activity, earlier = found
        followup_id = content.followup.id
        for person in names.present:
            after = _choices(store.current(workshop.id, followup_id, later.id, scope="participant",
                                           owner_id=person.id), len(later.scale))
            if not after:
                continue
            before = _choices(store.current(workshop.id, earlier_activity, earlier.id, scope="participant",
                                            owner_id=person.id), len(earlier.scale))
            for statement in later.statements:
                was = before.get(statement.id, (None,))[0]
                now = after.get(statement.id, (None,))[0]
                if now is None:
                    continue
                rows.append([names.anon.text(workshop.name) if names.anon else workshop.name,
                             names.person(person.id), names.group(person.group_id), statement.id,
                             statement.text, None if was is None else was + 1,
                             None if was is None else earlier.scale[was], now + 1, later.scale[now],
                             None if was is None else now - was])
    frame = pd.DataFrame(rows, columns=FOLLOWUP_CHANGE_COLUMNS)
    return frame.astype({"on_the_day_code": "Int64", "months_later_code": "Int64", "change": "Int64"})


def followup_summary(store: Store, content: CourseContent, workshop: Workshop) -> pd.DataFrame:
    """One row per statement asked again in the follow-up: how many answered it both on the day
    and months later (``paired``), the mean code at each time over those people, the mean change,
    and how many moved up, stayed and moved down. Means of an ordinal scale are a summary, not a
    measurement: read them with the counts. NaN where nobody is paired."""
    return summarise_change(followup_change(store, content, workshop))


def summarise_change(change: pd.DataFrame) -> pd.DataFrame:
    """``followup_summary`` of any ``followup_change`` frame, e.g. several workshops' together."""
    rows = []
    for (statement_id, text), answers in change.groupby(["statement_id", "statement"], sort=False):
        paired = answers.dropna(subset=["change"])
        n = len(paired)
        rows.append([statement_id, text, n,
                     paired["on_the_day_code"].astype(float).mean() if n else float("nan"),
                     paired["months_later_code"].astype(float).mean() if n else float("nan"),
                     paired["change"].astype(float).mean() if n else float("nan"),
                     int((paired["change"] > 0).sum()), int((paired["change"] == 0).sum()),
                     int((paired["change"] < 0).sum())])
    return pd.DataFrame(rows, columns=FOLLOWUP_SUMMARY_COLUMNS).astype(
        {"paired": "int64", "mean_on_the_day": "float64", "mean_months_later": "float64", "mean_change": "float64",
         "up": "int64", "same": "int64", "down": "int64"})


def followup_answers(store: Store, content: CourseContent, workshop: Workshop, *,
                     anonymised: bool = False) -> pd.DataFrame:
    """Every current follow-up answer, one row per person and question, in the questionnaire's
    order: the question's text, the answer (the text written, or the option chosen), the option's
    code (1 = the scale's first) for a scale, and when it was saved (UTC)."""
    names = Names(store, workshop, anonymised=anonymised)
    text = names.anon.text if names.anon else (lambda t: t)
    rows = []
    tasks = content.followup.tasks if content.followup else []
    for person in names.present:
        for task in tasks:
            current = {a.item: a for a in store.current(workshop.id, content.followup.id, task.id,
                                                        scope="participant", owner_id=person.id)}
            items = task.statements if isinstance(task, ScaleTask) else (
                task.questions if isinstance(task, QuestionsTask) else [])
            for item in items or [None]:
                key = item.id if item is not None else "text"
                answer = current.get(key)
                if answer is None:
                    continue
                if isinstance(task, ScaleTask):
                    choice = valid_choice(answer.value, len(task.scale))
                    if choice is None:
                        continue
                    value, code = task.scale[choice], choice + 1
                else:
                    written = TextValue.text_of(answer.value)
                    if not written.strip():
                        continue
                    value, code = text(written), None
                question = item.text if item is not None else task.prompt
                rows.append([text(workshop.name), names.person(person.id), names.group(person.group_id), task.id,
                             key, question, value, code, iso_utc(answer.created_at)])
    return pd.DataFrame(rows, columns=FOLLOWUP_ANSWER_COLUMNS).astype({"code": "Int64"})


def across_workshops(frame: Callable[..., pd.DataFrame], store: Store, content: CourseContent,
                     workshops: Iterable[Workshop | str] | None = None, **options) -> pd.DataFrame:
    """One analysis over several workshops in one DataFrame: ``frame`` (any function of this
    package taking ``(store, content, workshop)``) for each workshop, one after another, with a
    ``workshop`` column first where the frame has none. ``workshops``: Workshop records, names or
    join codes; by default every workshop in the database (archived ones too, workbooks not), oldest
    first."""
    if workshops is None:
        chosen = [w for w in reversed(store.all_workshops(archived=True)) if w.kind != WORKBOOK]
    else:
        chosen = []
        for workshop in workshops:
            found = store.find_workshop(workshop) if isinstance(workshop, str) else workshop
            if found is None:
                raise ValueError(f"no workshop is named {workshop!r} (nor has it as its join code)")
            chosen.append(found)
    frames = []
    for workshop in chosen:
        part = frame(store, content, workshop, **options)
        if "workshop" not in part.columns:
            part.insert(0, "workshop", workshop.name)
        frames.append(part)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
