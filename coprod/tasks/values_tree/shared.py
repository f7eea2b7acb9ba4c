"""Activity 3's values tree: its parts decoded from a group's answers, and the tree drawn (SVG).

No widgets here: the type's builder (the participant's page) and its collation and the analysis
(the read side) both use it."""

from __future__ import annotations

import base64
from html import escape

from coprod.tasks.answers import EntryValue, TextValue
from coprod.tasks.values_tree.answer import Place

TRUNK = "trunk"


LEAVES = "leaves"


PLACE = "place"  # item prefix: which trunk group a root value is in


def root_of(person, answer) -> dict | None:
    """A root of the tree from one of ``person``'s answers in Part One (None if removed)."""
    value = TextValue.from_stored(answer.value)  # a note, read for its text
    if value is not None and not value.removed and value.text:
        return {"id": f"{person.id}-{answer.item}", "text": value.text, "author": person.display_name}
    return None


def entries_from(answers, prefix: str) -> list[dict]:
    """The trunk groups (``TRUNK``) or leaves (``LEAVES``) among a group's current answers."""
    entries = []
    for answer in answers:
        value = EntryValue.from_stored(answer.value) if answer.item.startswith(f"{prefix}/") else None
        if value is not None and not value.removed and value.text:
            entries.append({"id": answer.item.removeprefix(f"{prefix}/"), "text": value.text})
    return entries


def places_from(answers) -> dict[str, str]:
    """Which trunk group each root value is in, from a group's current answers."""
    places = {a.item.removeprefix(f"{PLACE}/"): Place.from_stored(a.value) for a in answers
              if a.item.startswith(f"{PLACE}/")}
    return {root: place.trunk for root, place in places.items() if place is not None}


def tree_svg(values: list[dict], groups: list[dict], places: dict[str, str], leaves: list[dict], *,
             ident: str = "tree") -> str:
    """The tree as SVG: leaves at the top, the trunk's groups in the middle, roots below."""
    width, line = 900, 26
    top = 60 + 30 * max(1, (len(leaves) + 2) // 3)
    trunk_top = top + 20
    trunk_height = line * (len(groups) + 1) + 20
    roots_top = trunk_top + trunk_height + 40
    height = roots_top + line * (len(values) + 1) + 20
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' role='img' "
             f"aria-labelledby='{ident}-title {ident}-desc'>",
             f"<title id='{ident}-title'>Our values tree</title>",
             f"<desc id='{ident}-desc'>{len(leaves)} shared values as leaves, {len(groups)} groups of values in the "
             f"trunk, {len(values)} individual values as roots.</desc>",
             f"<rect width='{width}' height='{height}' fill='#ffffff'/>",
             f"<ellipse cx='{width / 2}' cy='{top / 2 + 10}' rx='{width / 2 - 20}' ry='{top / 2}' fill='#d9f0d3' "
             "stroke='#2d6a1f' stroke-width='3'/>",
             f"<rect x='{width / 2 - 170}' y='{trunk_top}' width='340' height='{trunk_height}' fill='#e8d6c3' "
             "stroke='#6b4423' stroke-width='3'/>"]
    for i, leaf in enumerate(leaves):
        x = width / 2 + (i % 3 - 1) * 270
        y = 50 + 30 * (i // 3)
        parts.append(f"<text x='{x}' y='{y}' text-anchor='middle' font-size='20' fill='#103d0a'>"
                     f"{escape(leaf['text'][:40])}</text>")
    for i, group in enumerate(groups):
        count = sum(1 for v in places.values() if v == group["id"])
        parts.append(f"<text x='{width / 2}' y='{trunk_top + 30 + i * line}' text-anchor='middle' font-size='19' "
                     f"fill='#3b230f'>{escape(group['text'][:36])} ({count})</text>")
    for i, value in enumerate(values):
        parts.append(f"<text x='{width / 2}' y='{roots_top + 20 + i * line}' text-anchor='middle' font-size='17' "
                     f"fill='#222'>{escape(value['text'][:60])}</text>")
    parts.append(f"<path d='M{width / 2 - 150} {roots_top - 10} C {width / 2 - 100} {roots_top - 30}, "
                 f"{width / 2 + 100} {roots_top - 30}, {width / 2 + 150} {roots_top - 10}' stroke='#6b4423' "
                 "stroke-width='4' fill='none'/>")
    parts.append("</svg>")
    return "".join(parts)


def tree_html(values, groups, places, leaves, *, ident: str = "tree", level: int = 3) -> str:
    """The drawing, its text alternative, and a download link (a data URL: no request).

    ``ident`` keeps the drawing's ids apart from other trees on the page; ``level`` is the
    level of its heading."""
    svg = tree_svg(values, groups, places, leaves, ident=ident)
    sub = min(level + 1, 6)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    names = {g["id"]: g["text"] for g in groups}

    def items(rows):
        return "".join(f"<li dir='auto'>{escape(r)}</li>" for r in rows) or "<li>None yet</li>"

    in_groups = [f"{v['text']} ({names.get(places.get(v['id'], ''), 'not in a group yet')})" for v in values]
    return (f"<h{level}>Our values tree</h{level}><div class='coprod-tree-svg'>{svg}</div>"
            f"<p><a download='values-tree.svg' href='data:image/svg+xml;base64,{data}'>Download the tree (SVG)</a>"
            f"</p><details><summary>The tree as text</summary><h{sub}>Leaves: our shared values</h{sub}>"
            f"<ul>{items(leaf['text'] for leaf in leaves)}</ul><h{sub}>Trunk: our groups of values</h{sub}>"
            f"<ul>{items(g['text'] for g in groups)}</ul><h{sub}>Roots: everyone's values, and their group</h{sub}>"
            f"<ul>{items(in_groups)}</ul></details>")
