"""Activity 8a: power and influence in decisions. The group picks one of the three scenario
cards, rates for each decision how much power each stakeholder group holds now and should
hold under shared decision making, and discusses each stakeholder group. The two ratings are
shown as heatmaps (a coloured table, so the table is its own text alternative) with the
shift between them."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.activities.page import NO_GROUP, html, notice, stackable
from coprod.activities.stepped import Pages
from coprod.activities.texts import text_entry
from coprod.content import Activity, ScenariosTask
from coprod.locking import one_at_a_time
from coprod.session import Session
from coprod.widgets import Matrix, Scale

POWER_SCALE = ["None", "A little", "Some", "A lot"]
COLUMNS = [{"id": "now", "label": "Holds now"}, {"id": "should", "label": "Should hold"}]
# Light to mid blue: black text stays readable (contrast 6:1 or more) on every shade.
SHADES = ["#ffffff", "#dbe9f7", "#a9cbef", "#6fa6e0"]


def cards_html(task: ScenariosTask) -> str:
    cards = []
    for s in task.scenarios:
        requirements = (f"<p>{escape(s.requirements_intro or '')}</p><ul>"
                        + "".join(f"<li>{escape(r)}</li>" for r in s.requirements) + "</ul>") if s.requirements else ""
        decisions = "".join(f"<li>{escape(d)}</li>" for d in s.decisions)
        cards.append(f"<section class='coprod-scenario'><h4>{escape(s.title)}</h4><p>{escape(s.description)}</p>"
                     f"{requirements}<p>{escape(s.decisions_intro or '')}</p><ul>{decisions}</ul></section>")
    return (f"<p class='coprod-background'><strong>Background to exercise:</strong> <em>{escape(task.background)}"
            f"</em></p><div class='coprod-scenarios'>{''.join(cards)}</div>")


def ratings(session: Session, activity: Activity, task: ScenariosTask, scenario_id: str) -> dict[str, dict]:
    """decision index -> stakeholder group -> {"now": i, "should": i}, for the group."""
    return ratings_from(session.answers(activity.id, task.id, scope="group"), scenario_id)


def ratings_from(answers, scenario_id: str) -> dict[str, dict]:
    """The ratings of one scenario among a group's current answers (see ``ratings``)."""
    found: dict[str, dict] = {}
    for answer in answers:
        parts = answer.item.split("/")  # rate/<scenario>/<decision>/<stakeholder group>/<now|should>
        if len(parts) == 5 and parts[:2] == ["rate", scenario_id] and isinstance(answer.value, dict):
            choice = answer.value.get("choice")
            if isinstance(choice, int) and 0 <= choice < len(POWER_SCALE):
                found.setdefault(parts[2], {}).setdefault(parts[3], {})[parts[4]] = choice
    return found


def heatmap_html(task: ScenariosTask, scenario, rated: dict[str, dict], *, level: int = 3) -> str:
    groups = task.stakeholder_groups
    tables = []
    for index, decision in enumerate(scenario.decisions):
        rows = []
        for g in groups:
            cell = rated.get(str(index), {}).get(g.id, {})
            now, should = cell.get("now"), cell.get("should")

            def shaded(value):
                if value is None:
                    return "<td>–</td>"
                return f"<td style='background:{SHADES[value]}'>{escape(POWER_SCALE[value])}</td>"

            if now is None or should is None:
                shift = "–"
            else:
                change = should - now
                shift = "no change" if change == 0 else (f"↑ {change} more" if change > 0 else f"↓ {-change} less")
            rows.append(f"<tr><th scope='row'>{escape(g.text)}</th>{shaded(now)}{shaded(should)}"
                        f"<td>{shift}</td></tr>")
        tables.append(stackable(
            f"<table class='coprod-table coprod-heatmap'><caption>{escape(decision)}</caption><thead><tr>"
            f"<th scope='col'>Stakeholder group</th><th scope='col'>Holds now</th>"
            f"<th scope='col'>Should hold</th><th scope='col'>Shift</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"))
    return f"<h{level}>Power now and as it should be</h{level}>" + "".join(tables)


def build_power(activity: Activity, task: ScenariosTask, session: Session) -> w.Widget:
    cards = html(cards_html(task), "coprod-scenario-cards")
    if session.participant.group_id is None:
        return w.VBox([cards, notice(NO_GROUP)])

    def chosen() -> str | None:
        answers = [a for a in session.answers(activity.id, task.id, scope="group") if a.item == "scenario"]
        value = answers[-1].value if answers else None
        ids = [s.id for s in task.scenarios]
        return value.get("id") if isinstance(value, dict) and value.get("id") in ids else None

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
