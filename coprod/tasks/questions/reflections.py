"""Reflections that can be done again at later points of the journey, each one dated."""

from __future__ import annotations

from datetime import datetime
from html import escape

import ipywidgets as w

from coprod.activities.page import html
from coprod.activities.text_entry import text_entry
from coprod.content import Activity, QuestionsTask
from coprod.session import Session
from coprod.tasks.answers import TextValue
from coprod.tasks.questions.answer import Started


def _round(item: str) -> int | None:
    head = item.split("/", 1)[0]
    return int(head[1:]) if head.startswith("r") and head[1:].isdigit() else None


def build_reflections(activity: Activity, task: QuestionsTask, session: Session) -> w.VBox:
    """The newest reflection, editable; the earlier ones, dated, below it.

    Each reflection's answers are stored under ``r<N>/<question>``; starting a new one
    stores its date under ``r<N>/started``.
    """
    box = w.VBox()
    box.add_class("coprod-reflections")

    def answers_by_round() -> dict[int, dict[str, object]]:
        rounds: dict[int, dict[str, object]] = {}
        for answer in session.mine(activity.id, task.id):
            number = _round(answer.item)
            if number is not None:
                rounds.setdefault(number, {})[answer.item.split("/", 1)[1]] = answer
        return rounds

    def draw() -> None:
        rounds = answers_by_round()
        current = max(rounds, default=1)
        started = _started(rounds.get(current, {}))
        when = _date(started.at) if started else "today"
        heading = html(f"<h3>Reflection {current} <span class='coprod-date'>(started {escape(when)})</span></h3>",
                       "coprod-reflection-heading")
        entries = [
            text_entry(session, activity.id, task.id, f"r{current}/{q.id}", q.text, scope="participant",
                       help=_hints(q))
            for q in task.questions
        ]
        again = w.Button(description="Start a new reflection")
        again.add_class("coprod-button-widget")
        again.on_click(lambda _b: _start(current + 1))
        earlier = [_earlier(n, rounds[n], task) for n in sorted(rounds, reverse=True) if n < current]
        box.children = [heading, *entries, again, *earlier]

    def _start(number: int) -> None:
        session.save(activity.id, task.id, f"r{number}/started", {"at": datetime.now().isoformat(timespec="minutes")})
        draw()

    draw()
    return box


def _hints(q) -> str:
    return " ".join(filter(None, [q.hint_intro, "; ".join(q.hints)]))


def _started(answers: dict) -> Started | None:
    """When a round started, from its answers by question (its item "started")."""
    answer = answers.get("started")
    return Started.from_stored(answer.value) if answer is not None else None


def _date(iso: str | None) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%d %B %Y, %H:%M")
    except (TypeError, ValueError):
        return "earlier"


def _earlier(number: int, answers: dict, task: QuestionsTask) -> w.HTML:
    started = _started(answers)
    when = _date(started.at) if started else "at the start"
    rows = []
    for q in task.questions:
        answer = answers.get(q.id)
        text = TextValue.text_of(answer.value) if answer else ""
        rows.append(f"<dt>{escape(q.text)}</dt><dd dir='auto'>{escape(text) or '<em>No answer</em>'}</dd>")
    return html(f"<details class='coprod-earlier'><summary>Reflection {number} ({escape(when)})</summary>"
                f"<dl>{''.join(rows)}</dl></details>", "coprod-earlier-box")
