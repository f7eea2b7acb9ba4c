"""Activity 8's power exercise: the rating scale, the scenario cards, ratings decoded, the heatmap.

No widgets here: the type's builder (the participant's page) and its collation and the analysis
(the read side) both use it."""

from __future__ import annotations

from html import escape

from coprod.content import ScenariosTask
from coprod.stacking import stackable
from coprod.tasks.answers import ChoiceValue
from coprod.tasks.scenarios.answer import ScenarioPick

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


def ratings_from(answers, scenario_id: str) -> dict[str, dict]:
    """The ratings of one scenario among a group's current answers (see ``ratings``)."""
    found: dict[str, dict] = {}
    for answer in answers:
        parts = answer.item.split("/")  # rate/<scenario>/<decision>/<stakeholder group>/<now|should>
        value = ChoiceValue.from_stored(answer.value)
        if len(parts) == 5 and parts[:2] == ["rate", scenario_id] and value is not None:
            choice = value.index(len(POWER_SCALE))
            if choice is not None:
                found.setdefault(parts[2], {}).setdefault(parts[3], {})[parts[4]] = choice
    return found


def chosen_scenario(task: ScenariosTask, picks) -> str | None:
    """The id of the scenario a group chose, from its answers of item "scenario" (the last
    counts), if it is one of the task's."""
    pick = ScenarioPick.from_stored(picks[-1].value) if picks else None
    return pick.id if pick is not None and pick.id in {s.id for s in task.scenarios} else None


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
