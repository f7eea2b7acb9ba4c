"""Tables that stay readable on a phone: one card per row on a narrow screen (coprod.css), each
cell under its column's name. Plain strings only (no widgets), so the read side (collate,
boards) uses it as the activities' builders do."""

from __future__ import annotations

import re

_HEADS = re.compile(r"<th scope='col'>(.*?)</th>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<(td|th)(?=[\s>])")


def stackable(table: str) -> str:
    """A table that becomes one card per row on a narrow screen (coprod.css, class coprod-stack):
    each body cell is given its column's heading (data-label), which the card shows before it, so
    that no column is ever off the side of a phone. The table must be one built here: a thead of
    ``<th scope='col'>`` headings, then body rows of cells, none spanning columns."""
    head, sep, body = table.partition("<tbody>")
    if not sep:
        return table
    headings = _HEADS.findall(head)

    def label(row: re.Match) -> str:
        cells = iter(headings)
        return "<tr>" + _CELL.sub(lambda m: f"<{m.group(1)} data-label=\"{next(cells, '')}\"", row.group(1)) + "</tr>"

    head = head.replace("class='coprod-table", "class='coprod-table coprod-stack", 1)
    return head + sep + _ROW.sub(label, body)
