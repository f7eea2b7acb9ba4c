"""Activity 8a: for each group, the scenarios it rated, as heatmaps of power now and as it
should be, with what the group said about the decisions and each stakeholder group."""

from __future__ import annotations

from html import escape

from coprod.collate._common import Output, Room, heading, text_of
from coprod.content import Activity, Part, ScenariosTask
from coprod.store import Answer
from coprod.tasks.scenarios.shared import chosen_scenario, heatmap_html, ratings_from


def _discussion(task: ScenariosTask, scenario_id: str, said: dict[str, str]) -> str:
    pairs = []
    decisions = said.get(f"talk/{scenario_id}/decisions")
    if decisions:
        pairs.append((task.discussion[0], decisions))
    for group in task.stakeholder_groups:
        for index, question in enumerate(task.discussion[2:], start=2):
            text = said.get(f"talk/{scenario_id}/{group.id}/{index}")
            if text:
                pairs.append((f"{question} ({group.text})", text))
    if not pairs:
        return ""
    body = "".join(f"<dt>{escape(q)}</dt><dd dir='auto'>{escape(t)}</dd>" for q, t in pairs)
    return f"<dl class='coprod-collate-discussion'>{body}</dl>"


def _chosen(task: ScenariosTask, answers: list[Answer]) -> str | None:
    return chosen_scenario(task, [a for a in answers if a.item == "scenario"])


def render(room: Room, activity: Activity, part: Part, task: ScenariosTask, level: int) -> Output:
    out = Output()
    for key, answers in room.by_group(room.answers(activity.id, task.id), scope="group").items():
        chosen = _chosen(task, answers)
        said = {a.item: text_of(a) for a in answers if a.item.startswith("talk/")}
        html = []
        for scenario in task.scenarios:  # the chosen one, and any other the group rated or discussed
            rated = ratings_from(answers, scenario.id)
            talk = _discussion(task, scenario.id, said)
            if scenario.id != chosen and not rated and not talk:
                continue
            note = " (the group's chosen example)" if scenario.id == chosen else ""
            html.append(heading(level, scenario.title + note))
            html.append(heatmap_html(task, scenario, rated, level=level + 1) if rated else "")
            html.append(talk)
        if html:
            out.groups[key] = "".join(html)
    return out
