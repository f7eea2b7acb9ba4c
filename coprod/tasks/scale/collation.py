"""Ratings on an ordered scale: how many chose each option for each statement. The
evaluation questionnaire (Activity 11) is shown as a diverging bar chart with the same
figures as a table right after it; a single rated statement (Activity 2's "how easy was
it?") as a table of the room and each group; a scale asked again (``compare_with``, the
ladder of co-production at the start and at the end) as the shift between the two."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from coprod.collate._common import NO_GROUP_NAME, Output, Room, heading, private, table
from coprod.collate.chart import PUOR_5, diverging_svg, label_colour
from coprod.content import Activity, CourseContent, Part, QuestionsTask, ScaleTask
from coprod.moderation import visible
from coprod.store import Answer, Store, Workshop
from coprod.tasks.questions.collation import open_answers
from coprod.tasks.scale.answer import ScaleChoice
from coprod.tasks.scale.shared import NOT_YET, choices, moment, move

EVALUATION = "evaluating"  # the activity whose results `evaluation_summary` gives by default


@dataclass(frozen=True)
class StatementCounts:
    id: str
    text: str
    counts: tuple[int, ...]  # how many chose each option of the scale, in the scale's order

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class EvaluationSummary:
    """The evaluation's results: counts per statement and option, and the open answers."""

    scale: tuple[str, ...]
    statements: tuple[StatementCounts, ...]
    respondents: int  # people who rated at least one statement
    open_answers: tuple[tuple[str, tuple[str, ...]], ...]  # (question, answers), in the questionnaire's order

    def rows(self) -> list[dict]:
        """Tidy rows: statement, answer option, count (one row per statement and option)."""
        return [{"statement": s.text, "answer": label, "count": n}
                for s in self.statements for label, n in zip(self.scale, s.counts, strict=True)]

    def frame(self):
        """The counts as a pandas DataFrame: statements as rows, options as columns."""
        import pandas as pd  # only for researchers who ask for it

        return pd.DataFrame([s.counts for s in self.statements], index=[s.text for s in self.statements],
                            columns=list(self.scale))


def scale_counts(task: ScaleTask, answers: list[Answer]) -> tuple[StatementCounts, ...]:
    counts = {s.id: [0] * len(task.scale) for s in task.statements}
    for answer in answers:
        value = ScaleChoice.from_stored(answer.value)
        choice = value.index(len(task.scale)) if value is not None else None
        if answer.scope == "participant" and answer.item in counts and choice is not None:
            counts[answer.item][choice] += 1
    return tuple(StatementCounts(s.id, s.text, tuple(counts[s.id])) for s in task.statements)


def evaluation_summary(store: Store, content: CourseContent, workshop: Workshop,
                       activity: Activity | str = EVALUATION, *, hidden: frozenset[str] = frozenset()
                       ) -> EvaluationSummary:
    """The results of the evaluation questionnaire (by default Activity 11)."""
    if isinstance(activity, str):
        activity = content.activity(activity)
    tasks = [t for p in activity.parts for t in p.tasks]
    scale = next(t for t in tasks if isinstance(t, ScaleTask))
    present = {p.id for p in store.participants(workshop)}  # not those the facilitator removed

    def answers_to(task_id: str):
        return [a for a in visible(store.current(workshop.id, activity.id, task_id, scope="participant"), hidden)
                if a.owner_id in present]

    rated = answers_to(scale.id)
    opened: list[tuple[str, tuple[str, ...]]] = []
    for task in tasks:
        if isinstance(task, QuestionsTask) and task.answer == "text" and not task.repeatable:
            answers = answers_to(task.id)
            opened += [(q, tuple(texts)) for q, texts in open_answers(task, answers)]
    return EvaluationSummary(tuple(scale.scale), scale_counts(scale, rated),
                             len({a.owner_id for a in rated if a.item in {s.id for s in scale.statements}}),
                             tuple(opened))


def chart_html(scale: tuple[str, ...], statements: tuple[StatementCounts, ...], *, ident: str,
               chart: bool = True) -> str:
    """The chart (an image with a summary for screen readers), then the table it shows.

    ``chart=False`` gives the table alone: participants' pages show that, so that their
    kernels never load matplotlib (about 45 MB and a second each) for the room's results."""
    head = ["Statement", *(escape(label) for label in scale), "Total"]
    rows = [[escape(s.text), *(str(n) for n in s.counts), str(s.total)] for s in statements]
    figures = table("The same figures as a table: how many people chose each answer", head, rows,
                    css="coprod-collate-scale")
    if not any(s.total for s in statements):
        return "<p class='coprod-empty'>No ratings yet.</p>" + figures
    summary = "; ".join(
        f"{s.text}: " + (", ".join(f"{n} {label.lower()}" for label, n in zip(scale, s.counts, strict=True) if n)
                         or "no answers") for s in statements)
    label = f"Bar chart of how people rated {len(statements)} statements. {summary}."
    if not chart:
        return bars_html(scale, statements, label) + figures
    svg = diverging_svg(tuple(s.text for s in statements), scale, tuple(s.counts for s in statements), ident)
    return (f"<figure class='coprod-chart'><div role='img' aria-label='{escape(label)}'>{svg}</div>"
            f"<figcaption>Each bar is one statement: answers towards “{escape(scale[0])}” are left of the centre "
            f"line, towards “{escape(scale[-1])}” right of it, and the middle answer sits across it. The table below "
            "gives the same figures.</figcaption>"
            f"</figure>{figures}")


def bars_html(scale: tuple[str, ...], statements: tuple[StatementCounts, ...], label: str) -> str:
    """The chart drawn in HTML alone, for participants' pages (no matplotlib in their kernels):
    one full-width bar per statement, under its text, split by answer and labelled with counts,
    in the SVG chart's colours, with a key. Narrow enough for any phone."""
    colours = PUOR_5 if len(scale) == 5 else tuple(PUOR_5[round(i * 4 / max(1, len(scale) - 1))]
                                                     for i in range(len(scale)))
    key = "".join(f"<li><span class='coprod-bar-swatch' style='background:{c}'></span>{escape(option)}</li>"
                  for option, c in zip(scale, colours, strict=True))
    rows = []
    for statement in statements:
        segments = "".join(
            f"<span class='coprod-bar-part' style='flex-grow:{n};background:{c};color:{label_colour(c)}'>{n}</span>"
            for n, c in zip(statement.counts, colours, strict=True) if n)
        rows.append(f"<li><p class='coprod-bar-text'>{escape(statement.text)}</p>"
                    f"<div class='coprod-bar'>{segments}</div></li>")
    return (f"<figure class='coprod-chart coprod-bars'><div role='img' aria-label='{escape(label)}'>"
            f"<ul class='coprod-bar-key' aria-hidden='true'>{key}</ul>"
            f"<ul class='coprod-bar-list' aria-hidden='true'>{''.join(rows)}</ul></div>"
            f"<figcaption>Each bar is one statement, split by how many people chose each answer, from "
            f"“{escape(scale[0])}” on the left to “{escape(scale[-1])}” on the right. The table below gives "
            f"the same figures.</figcaption></figure>")


def render(room: Room, activity: Activity, part: Part, task: ScaleTask, level: int) -> Output:
    if task.compare_with is not None:
        return render_shift(room, activity, part, task, level)
    answers = room.answers(activity.id, task.id)
    counts = scale_counts(task, answers)
    if len(task.statements) > 1:
        people = len({a.owner_id for a in answers if a.scope == "participant"})
        return Output(room=heading(level - 1, f"How the room rated the statements ({people} "
                                          f"{'person' if people == 1 else 'people'})")
                      + chart_html(tuple(task.scale), counts, ident=f"coprod-chart-{task.id}",
                                   chart=room.facilitator))
    # One statement: the room's answers and each group's, side by side.
    [statement] = counts
    rows = [["Everyone", *(str(n) for n in statement.counts), str(statement.total)]]
    grouped = room.by_group(answers, scope="participant")
    for key, name in room.sections():
        if key in grouped:
            [mine] = scale_counts(task, grouped[key])
            rows.append([escape(name), *(str(n) for n in mine.counts), str(mine.total)])
    return Output(room=heading(level - 1, statement.text) + table(
        f"How many people chose each answer to: {statement.text}",
        ["Who", *(escape(label) for label in task.scale), "Total"], rows, css="coprod-collate-scale"))


def _people_choices(room: Room, task: ScaleTask, answers: list[Answer]) -> dict[int, dict[str, int]]:
    return {owner: choices(task, own) for owner, own in room.by_owner(answers).items()}


def render_shift(room: Room, activity: Activity, part: Part, task: ScaleTask, level: int) -> Output:
    """A scale asked again: how many chose each option then and now, how many moved up or down,
    and (for the facilitator) each person's move. Moves are words and arrows, never colour alone;
    the room sees counts only, as with every answer that is each person's own."""
    earlier_activity = room.activity_of(task.compare_with)
    earlier = earlier_activity.task(task.compare_with)
    earlier_part = next(p for p in earlier_activity.parts if any(t.id == earlier.id for t in p.tasks))
    then, now = moment(earlier_part, earlier, "Before"), moment(part, task, "Now")
    before = _people_choices(room, earlier, room.answers(earlier_activity.id, earlier.id))
    after = _people_choices(room, task, room.answers(activity.id, task.id))
    groups = {g.id: g.name for g in room.groups}
    order = {key: i for i, (key, _) in enumerate(room.sections())}
    html = []
    for statement in task.statements:
        first = {owner: c[statement.id] for owner, c in before.items() if statement.id in c}
        second = {owner: c[statement.id] for owner, c in after.items() if statement.id in c}
        counts = [[escape(label), *(str(sum(1 for c in chosen.values() if c == i)) for chosen in (first, second))]
                  for i, label in enumerate(task.scale)]
        counts.append(["Total", str(len(first)), str(len(second))])
        html.append(heading(level - 1, statement.text) + table(
            f"How many people chose each answer, “{then}” and “{now}”",
            ["Answer", escape(then), escape(now)], counts, css="coprod-collate-scale coprod-collate-shift"))
        both = [o for o in second if o in first]
        html.append(f"<p class='coprod-shift-summary'>{escape(_summary(task, first, second, both))}</p>")
        if room.facilitator and (first or second):
            # Everyone who answered at least once, so that the facilitator sees who is still to answer.
            people = sorted(first.keys() | second.keys(),
                            key=lambda o: (order.get(_group_key(room, o), len(order)), o))
            rows = [[escape(room.person_name(o)), escape(groups.get(_group_key(room, o), NO_GROUP_NAME)),
                     *(escape(task.scale[c[o]]) if o in c else NOT_YET for c in (first, second)),
                     escape(move(first.get(o), second.get(o)))] for o in people]
            html.append(private(room, table(f"Each person's answers and move, from “{then}” to “{now}”",
                                            ["Person", "Group", escape(then), escape(now), "Change"], rows,
                                            css="coprod-collate-shift-people"), "each person's answers"))
        elif both:
            moves: dict[int, int] = {}
            for o in both:
                moves[second[o] - first[o]] = moves.get(second[o] - first[o], 0) + 1
            rows = [[escape(move(0, steps)), str(n)] for steps, n in sorted(moves.items(), reverse=True)]
            html.append(table(f"How many people moved, from “{then}” to “{now}”", ["Change", "People"], rows,
                              css="coprod-collate-shift-moves"))
    return Output(room="".join(html))


def _group_key(room: Room, owner: int) -> int | None:
    person = room.people.get(owner)
    return person.group_id if person else None


def _summary(task: ScaleTask, first: dict[int, int], second: dict[int, int], both: list[int]) -> str:
    if not both:
        return "Nobody has answered both times yet."
    up = sum(1 for o in both if second[o] > first[o])
    down = sum(1 for o in both if second[o] < first[o])
    same = len(both) - up - down

    def people(n: int) -> str:
        return f"{n} {'person' if n == 1 else 'people'}"

    return (f"Of the {people(len(both))} who answered both times: {up} moved up (↑), {down} moved down (↓) "
            f"and {same} stayed where they were (=). Up means towards the last answer, “{task.scale[-1]}”.")
