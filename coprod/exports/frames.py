"""A workshop's answers as tidy pandas DataFrames: the current answers, the whole history,
and one person's own data.

Columns, in this order:

workshop         the workshop's name
group            the owning group's name for group answers; for a person's own answers,
                 the group that person is in at export time; empty for the room's list
participant      who wrote it: their display name (anonymised: "P01", ...)
activity_number  1-12 (empty for the app's own texts: My notes, the group's scenario)
activity         the activity's id, e.g. "what-do-you-know" ("app" for those texts)
part             the part's id in the content ("main", "a", "b")
task, item       the task's id, and the stored item (see coprod.exports.flatten for the
                 "/field" suffixes a dict value adds)
value            the text or number
scope            "participant", "group" or "workshop" (the whole room's list)
time             when it was saved, ISO 8601 in UTC
hidden           true if the facilitator hid the post (coprod.moderation)
owner            whose answers these are, for a person's own answers: the same as
                 participant unless a partner added to someone's answers (Activity 4a)
answer_id        (history only) the stored row's id: the order things were saved in

The app's bookkeeping (where each person is in the app, their text size and contrast) is
left out; My notes and the group's scenario are kept, as what people wrote.

pandas is imported inside the functions: participants' kernels import coprod and must
stay light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coprod.content import CourseContent
from coprod.exports.anonymise import Anonymiser
from coprod.exports.flatten import flatten, is_removed
from coprod.exports.people import People, every_email, iso_utc
from coprod.moderation import hidden_posts, post_key
from coprod.store import Answer, Participant, Store, Workshop
from coprod.tasks.answers import TextValue
from coprod.tasks.parts import part as task_part

if TYPE_CHECKING:
    import pandas as pd

ANSWER_COLUMNS = ["workshop", "group", "participant", "activity_number", "activity", "part", "task", "item",
                  "value", "scope", "time", "hidden", "owner"]
HISTORY_COLUMNS = [*ANSWER_COLUMNS, "answer_id"]
APP = "app"
BOOKKEEPING = {(APP, "position"), (APP, "comfort")}


def answers_frame(store: Store, content: CourseContent, workshop: Workshop, *, anonymised: bool = False
                  ) -> pd.DataFrame:
    """One row per current answer (per field of it), in course order, then the order the
    answers were first written."""
    history = _answers(store, workshop)
    latest: dict[tuple, Answer] = {}
    first: dict[tuple, int] = {}
    for answer in history:
        key = _key(answer)
        first.setdefault(key, answer.id)
        latest[key] = answer
    order = {activity.id: n for n, activity in enumerate(content.activities)}
    current = sorted((a for a in latest.values() if not is_removed(a.value)),
                     key=lambda a: (order.get(a.activity, len(order)), first[_key(a)]))
    rows = _Rows(store, content, workshop, anonymised=anonymised)
    return _frame([row for answer in current for row in rows.of(answer)], ANSWER_COLUMNS)


def history_frame(store: Store, content: CourseContent, workshop: Workshop, *, anonymised: bool = False
                  ) -> pd.DataFrame:
    """Every stored version of every answer, oldest first, removals included."""
    rows = _Rows(store, content, workshop, anonymised=anonymised)
    return _frame([row for answer in _answers(store, workshop) for row in rows.of(answer, with_id=True)],
                  HISTORY_COLUMNS)


def participant_frame(store: Store, content: CourseContent, participant: Participant) -> pd.DataFrame:
    """One person's own data, for a data-access request: every version of their own answers
    (those a partner added to them included) and of everything they wrote for their group,
    the room or a partner. Their follow-up address, if any, is in followup_frame."""
    workshop = store.workshop(participant.workshop_id)
    if workshop is None:
        raise ValueError("that participant's workshop is not in this store")
    rows = _Rows(store, content, workshop, anonymised=False)
    theirs = [a for a in _answers(store, workshop)
              if a.author_id == participant.id or (a.scope == "participant" and a.owner_id == participant.id)]
    return _frame([row for answer in theirs for row in rows.of(answer, with_id=True)], HISTORY_COLUMNS)


AUTHORSHIP_COLUMNS = ["workshop", "group", "activity_number", "activity", "part", "task", "item", "piece",
                      "participant", "text"]


def authorship_frame(store: Store, content: CourseContent, workshop: Workshop, *, anonymised: bool = False
                     ) -> pd.DataFrame:
    """Who wrote which part of each group text: the current text of every text a group wrote
    together, cut into pieces in order (``piece`` 1, 2, ...), each credited to the person whose
    save first had it (coprod.merge.authorship, over the versions the history keeps)."""
    from coprod.merge import authorship

    versions: dict[tuple, list[tuple[Answer, str]]] = {}
    for answer in _answers(store, workshop):
        value = TextValue.from_stored(answer.value) if answer.scope == "group" else None
        if value is not None:
            versions.setdefault(_key(answer), []).append((answer, value.text))
    rows = _Rows(store, content, workshop, anonymised=anonymised)
    out = []
    for answers in versions.values():
        last = answers[-1][0]
        number, part = rows.where.get((last.activity, last.task), (None, None))
        pieces = authorship([(rows._person(a.author_id, a.author_name) or "", text) for a, text in answers])
        for n, (who, text) in enumerate(pieces, 1):
            out.append({"workshop": rows.workshop, "group": rows._group(last), "activity_number": number,
                        "activity": last.activity, "part": part, "task": last.task, "item": last.item,
                        "piece": n, "participant": who, "text": rows._text(text)})
    import pandas as pd

    frame = pd.DataFrame(out, columns=AUTHORSHIP_COLUMNS, dtype=object)
    frame["activity_number"] = frame["activity_number"].astype("Int64")
    return frame


def _answers(store: Store, workshop: Workshop) -> list[Answer]:
    return [a for a in store.history(workshop.id) if (a.activity, a.task) not in BOOKKEEPING]


def _key(answer: Answer) -> tuple:
    return answer.scope, answer.owner_id, answer.activity, answer.task, answer.item


class _Rows:
    """Turns stored answers into table rows, with everything the rows are looked up in."""

    def __init__(self, store: Store, content: CourseContent, workshop: Workshop, *, anonymised: bool):
        self.people = People(store, workshop)
        self.anon = Anonymiser(self.people, every_email(store, workshop)) if anonymised else None
        self.hidden = hidden_posts(store.settings(workshop.id))
        self.workshop = self._text(workshop.name)
        self.where = {(activity.id, task.id): (activity.number, part.id)
                      for activity in content.activities for part in activity.parts for task in part.tasks}
        self.answers = {(activity.id, task.id): task_part(task.type, "stored answer")
                        for activity in content.activities for part in activity.parts for task in part.tasks}

    def _text(self, text: str | None) -> str | None:
        return self.anon.text(text) if self.anon else text

    def _person(self, participant_id: int | None, name: str | None = None) -> str | None:
        if self.anon:
            return self.anon.person(participant_id)
        return name or self.people.name(participant_id)

    def _group(self, answer: Answer) -> str | None:
        if answer.scope == "group":
            return self._text(self.people.group_name(answer.owner_id))
        if answer.scope == "participant":
            return self._text(self.people.group_of(answer.owner_id))
        return None

    def stored(self, answer: Answer) -> Any:
        """The answer's value as its type stores it now (an older shape upgraded); a value of no
        known shape, or of no task, as it is: an export leaves nothing out. A current value is
        the one stored, its keys in their order."""
        answers = self.answers.get((answer.activity, answer.task))
        read = answers.read(answer) if answers is not None else None
        if read is None:
            return answer.value
        current = read.stored()
        return answer.value if current == answer.value else current

    def of(self, answer: Answer, *, with_id: bool = False) -> list[dict[str, Any]]:
        number, part = self.where.get((answer.activity, answer.task), (None, None))
        base = {
            "workshop": self.workshop, "group": self._group(answer),
            "participant": self._person(answer.author_id, answer.author_name),
            "activity_number": number, "activity": answer.activity, "part": part, "task": answer.task,
            "scope": answer.scope, "time": iso_utc(answer.created_at), "hidden": post_key(answer) in self.hidden,
            "owner": self._person(answer.owner_id) if answer.scope == "participant" else None,
        }
        if with_id:
            base["answer_id"] = answer.id
        rows = []
        for item, value in flatten(answer.item, self.stored(answer)):
            if self.anon:
                item, value = self.anon.item(item), self.anon.value(item, value)
            rows.append({**base, "item": item, "value": value})
        return rows


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    # object first: a column of numbers with gaps would otherwise turn 1 into 1.0.
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    frame["activity_number"] = frame["activity_number"].astype("Int64")
    frame["hidden"] = frame["hidden"].astype(bool)
    if "answer_id" in frame:
        frame["answer_id"] = frame["answer_id"].astype("int64")
    return frame
