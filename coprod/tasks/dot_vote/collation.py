"""A dot vote on the board and in the report: the room's totals, then each group's, most dots
first. Each option is a bar with its number written beside it, so neither the bar's length nor
its colour alone carries the count. Votes are counted, never listed by person: no name stands
beside a vote, whoever reads the board."""

from __future__ import annotations

from html import escape

from coprod.collate._common import Output, Room, heading
from coprod.content import Activity, DotVoteTask, Part
from coprod.store import Answer
from coprod.tasks.dot_vote.answer import totals, votes


def dot_words(n: int) -> str:
    return f"{n} {'dot' if n == 1 else 'dots'}"


def ranked(task: DotVoteTask, summed: dict[str, int]) -> list[tuple[str, int]]:
    """(option text, dots), most dots first; equal ones in the task's order."""
    order = sorted(enumerate(task.options), key=lambda pair: (-summed[pair[1].id], pair[0]))
    return [(option.text, summed[option.id]) for _, option in order]


def bars_html(task: DotVoteTask, answers: list[Answer], who: str) -> str:
    """One bar per option, most dots first, with how many voted and how many dots were placed."""
    # Who has a dot placed: a vote whose every dot was taken off again is no vote.
    voters = sum(1 for _, own in votes(task, answers) if own)
    if not voters:
        return "<p class='coprod-empty'>No dots placed yet.</p>"
    summed = totals(task, answers)
    placed = sum(summed.values())
    most = max(summed.values()) or 1  # the longest bar fills its track
    noun = ("group" if voters == 1 else "groups") if task.scope == "group" else ("person" if voters == 1 else "people")
    rows, none = [], []
    for text, n in ranked(task, summed):
        if not n:
            none.append(text)
            continue
        rows.append(f"<li class='coprod-dotbar-row'><span class='coprod-dotbar-text' dir='auto'>{escape(text)}</span>"
                    f"<span class='coprod-dotbar-line'><span class='coprod-dotbar-track' aria-hidden='true'>"
                    f"<span class='coprod-dotbar' style='width:{100 * n / most:.1f}%'></span></span>"
                    f"<strong class='coprod-dotbar-count'>{dot_words(n)}</strong></span></li>")
    # Options without a dot are a plain list under the bars, not a column of empty bars. No list
    # here is numbered: equal counts would read as different ranks.
    rest = ("<p class='coprod-dotbar-none'><strong>No dots:</strong></p><ul class='coprod-dotbar-none-list'>"
            + "".join(f"<li dir='auto'>{escape(text)}</li>" for text in none) + "</ul>" if none else "")
    return (f"<p class='coprod-dotbar-summary'>{escape(who)}: {dot_words(placed)} from {voters} {noun}, "
            f"most dots first.</p><ul class='coprod-dotbars'>{''.join(rows)}</ul>{rest}")


def render(room: Room, activity: Activity, part: Part, task: DotVoteTask, level: int) -> Output:
    answers = [a for a in room.answers(activity.id, task.id) if a.scope == task.scope]
    title = task.title or "The dot vote"
    # "Which matter most?: the whole room" reads badly: a question keeps its own mark.
    whole = f"{title} The whole room" if title.endswith(("?", "!")) else f"{title.rstrip(':')}: the whole room"
    out = Output(room=heading(level - 1, whole) + bars_html(task, answers, "The room"))
    for key, own in room.by_group(answers).items():
        who = "This group" if key is not None else "People not in a group"
        out.groups[key] = heading(level, title) + bars_html(task, own, who)
    return out
