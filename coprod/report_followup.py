"""The report's "Months later" section: what the follow-up brought back, once anyone answered it.

For the room, counts only (as the evaluation's chart is: how many kept their plan, how the
statements moved); each person's own answers are private, as their questionnaire answers are,
and appear only in the facilitator's report, marked so.
"""

from __future__ import annotations

from html import escape

from coprod.collate._common import Room, table
from coprod.content import CourseContent, ScaleTask
from coprod.store import Store, Workshop


def _number(value: float) -> str:
    return "–" if value != value else f"{value:.1f}"  # NaN: nobody paired


def months_later_html(store: Store, content: CourseContent, workshop: Workshop, room: Room) -> str:
    """The section, or "" when the course has no follow-up or nobody has answered it yet."""
    if content.followup is None:
        return ""
    from coprod.analysis.change import followup_answers, followup_summary

    answers = followup_answers(store, content, workshop)
    if answers.empty:
        return ""
    followup = content.followup
    people = answers["participant"].nunique()
    parts = [f"<section class='report-activity' id='months-later'><h2>Months later</h2>"
             f"<p>{people} {'person' if people == 1 else 'people'} answered the follow-up questionnaire "
             f"(“{escape(followup.title)}”).</p>"]
    for task in followup.tasks:
        if not isinstance(task, ScaleTask) or task.compare_with:
            continue
        rows = []
        for statement in task.statements:
            chosen = answers[(answers["task"] == task.id) & (answers["item"] == statement.id)]
            rows.append([escape(statement.text), *(str(int((chosen["answer"] == option).sum()))
                                                    for option in task.scale)])
        parts.append(table(f"{task.title or 'Answers'}: how many chose each answer",
                           ["Statement", *(escape(o) for o in task.scale)], rows, css="report-followup"))
    summary = followup_summary(store, content, workshop)
    if not summary.empty:
        rows = [[escape(r.statement), str(r.paired), _number(r.mean_on_the_day), _number(r.mean_months_later),
                 _number(r.mean_change), str(r.up), str(r.same), str(r.down)] for r in summary.itertuples()]
        parts.append(table(
            "Activity 11's statements on the day and months later, for those who answered both (1 = Strongly "
            "disagree … 5 = Strongly agree)",
            ["Statement", "People", "On the day (mean)", "Months later (mean)", "Change (mean)", "Up", "Same",
             "Down"], rows, css="report-followup"))
    if room.audience == "facilitator":
        texts = answers[answers["code"].isna()]
        if not texts.empty:
            rows = [[escape(r.participant), escape(r.question), escape(str(r.answer))] for r in texts.itertuples()]
            from coprod.collate._common import private

            parts.append(private(room, table("What each person wrote", ["Person", "Question", "Answer"], rows,
                                             css="report-followup"), "the follow-up's written answers"))
    parts.append("</section>")
    return "".join(parts)
