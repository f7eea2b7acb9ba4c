"""Activity 8a: power and influence in decisions. The group picks one of the three scenario
cards, rates for each decision how much power each stakeholder group holds now and should
hold under shared decision making, and discusses each stakeholder group. The two ratings are
shown as heatmaps (a coloured table, so the table is its own text alternative) with the
shift between them."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.activities.page import NO_GROUP, html, notice
from coprod.activities.stepped import Pages
from coprod.activities.text_entry import text_entry
from coprod.content import Activity, ScenariosTask
from coprod.locking import one_at_a_time
from coprod.session import Session
from coprod.tasks.scenarios.shared import COLUMNS, POWER_SCALE, cards_html, chosen_scenario, heatmap_html, ratings_from
from coprod.widgets import Matrix, Scale


def ratings(session: Session, activity: Activity, task: ScenariosTask, scenario_id: str) -> dict[str, dict]:
    """decision index -> stakeholder group -> {"now": i, "should": i}, for the group."""
    return ratings_from(session.answers(activity.id, task.id, scope="group"), scenario_id)






def build(activity: Activity, task: ScenariosTask, session: Session) -> w.Widget:
    cards = html(cards_html(task), "coprod-scenario-cards")
    if session.participant.group_id is None:
        return w.VBox([cards, notice(NO_GROUP)])

    def chosen() -> str | None:
        return chosen_scenario(task, [a for a in session.answers(activity.id, task.id, scope="group")
                                      if a.item == "scenario"])

    def pick(_statement: str, choice: int) -> None:
        session.save(activity.id, task.id, "scenario", {"id": task.scenarios[choice].id}, scope="group")
        draw()

    picker = Scale(statements=[{"id": "scenario", "text": "Which example is your group working on?"}],
                   labels=[s.title for s in task.scenarios], save=pick)
    work, talk = w.VBox(), w.VBox()
    shown: dict = {}

    def draw() -> None:
        scenario_id = chosen()
        ids = [s.id for s in task.scenarios]
        value = {"scenario": ids.index(scenario_id)} if scenario_id else {}
        if picker.value != value:
            picker.value = value
        if scenario_id is None:
            work.children = [notice("Choose which example your group is working on, in the step before.")]
            talk.children = [notice("When your group has chosen its example and rated it, the ratings and "
                                    "the questions to talk about are here.")]
            shown.clear()
            return
        scenario = next(s for s in task.scenarios if s.id == scenario_id)
        rated = ratings(session, activity, task, scenario_id)
        if shown.get("scenario") != scenario_id:
            shown["scenario"] = scenario_id
            shown["matrices"] = [_matrix(session, activity, task, scenario_id, i, decision)
                                 for i, decision in enumerate(scenario.decisions)]
            shown["heatmap"] = html("", "coprod-heatmaps")
            work.children = [
                html(f"<h3>{escape(scenario.title)}</h3><p>{escape(task.discussion[1])}</p>", "coprod-rate-intro"),
                *shown["matrices"]]
            talk.children = [shown["heatmap"], _discussion(session, activity, task, scenario_id)]
        for i, matrix in enumerate(shown["matrices"]):
            if matrix.value != rated.get(str(i), {}):
                matrix.value = rated.get(str(i), {})
        shown["heatmap"].value = heatmap_html(task, scenario, rated)

    session.watch(draw)
    # The three scenarios are a phone's screens already: rating one is a step of its own.
    return Pages([("choose", "", w.VBox([cards, html(f"<h3>{escape(task.discussion_intro)}</h3>",
                                                     "coprod-discussion-intro"), picker])),
                  ("rate", "Who holds the power", work),
                  ("talk", "Power now and as it should be", talk)])


def _matrix(session: Session, activity: Activity, task: ScenariosTask, scenario_id: str, index: int,
            decision: str) -> Matrix:
    def save(row: str, column: str, choice: int) -> None:
        session.save(activity.id, task.id, f"rate/{scenario_id}/{index}/{row}/{column}", {"choice": choice},
                     scope="group")

    return Matrix(caption=f"Decision: {decision}", row_heading="Stakeholder group",
                  rows=[{"id": g.id, "label": g.text} for g in task.stakeholder_groups], columns=COLUMNS,
                  scale=POWER_SCALE, save=save)


def _discussion(session: Session, activity: Activity, task: ScenariosTask, scenario_id: str) -> w.VBox:
    """The first question for the whole scenario; the knowledge, sharing, risks and benefits
    questions for one stakeholder group at a time."""
    decisions = text_entry(session, activity.id, task.id, f"talk/{scenario_id}/decisions", task.discussion[0],
                           scope="group", rows=3)
    choose = w.Dropdown(options=[(g.text, g.id) for g in task.stakeholder_groups],
                        description="Stakeholder group to discuss")
    area = w.VBox()

    names = {g.id: g.text for g in task.stakeholder_groups}

    def show(_change=None) -> None:
        group = choose.value
        area.children = [text_entry(session, activity.id, task.id, f"talk/{scenario_id}/{group}/{i}",
                                    f"{question} ({names[group]})", scope="group", rows=3)
                         for i, question in enumerate(task.discussion[2:], start=2)]

    choose.observe(one_at_a_time(show), "value")
    show()
    return w.VBox([decisions, choose, area])
