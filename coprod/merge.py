"""Texts written together: a three-way merge that keeps every word anyone typed.

A page sends the text its person wrote (``mine``) with the text it started from (``base``);
the store holds the group's newest text (``theirs``), which others may have changed since.
diff-match-patch (Google's Myers diff, kept by its authors on PyPI) finds what each side
changed from ``base``, word by word; the merge keeps every insertion of both sides and applies
both sides' deletions. A deletion removes only words that were in ``base``: words someone typed
meanwhile are never in a deletion, so nothing typed is lost, whatever the order of the saves.

Where both sides wrote at the same place, theirs comes first, then mine; if one side's
insertion is already inside the other's (the same words typed twice, a save resent after a
lost connection), it is written once. The merge is a pure function: the store runs it inside
the save's own write transaction (coprod.store.answers), so two servers cannot interleave.
"""

from __future__ import annotations

import re
from typing import Any

from diff_match_patch import diff_match_patch

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_WORDY = re.compile(r"\w")
_FIRST_CODE = 0x10000  # tokens become characters from here on (above every surrogate)


def _differ() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0.5  # a diff cut short is still a correct diff, only a longer one
    return dmp


class _Tokens:
    """Words, runs of space and single signs, each one character, shared by the texts merged."""

    def __init__(self):
        self.codes: dict[str, str] = {}
        self.tokens: list[str] = []

    def encode(self, text: str) -> str:
        out = []
        for token in _TOKEN.findall(text):
            code = self.codes.get(token)
            if code is None:
                code = chr(_FIRST_CODE + len(self.tokens))
                self.codes[token] = code
                self.tokens.append(token)
            out.append(code)
        return "".join(out)

    def decode(self, codes: str) -> str:
        return "".join(self.tokens[ord(c) - _FIRST_CODE] for c in codes)


def _changes(dmp: diff_match_patch, base: str, other: str) -> tuple[list[bool], list[str]]:
    """For each base token whether ``other`` deleted it, and what ``other`` inserted before
    each base position (index len(base): at the end), all in token codes."""
    deleted = [False] * len(base)
    inserted = [""] * (len(base) + 1)
    i = 0
    for op, data in dmp.diff_main(base, other, False):
        if op == dmp.DIFF_EQUAL:
            i += len(data)
        elif op == dmp.DIFF_DELETE:
            deleted[i:i + len(data)] = [True] * len(data)
            i += len(data)
        else:
            inserted[i] += data
    return deleted, inserted


def _together(tokens: _Tokens, first: str, second: str) -> str:
    """Two insertions at one place: each once, and two words never glued into one."""
    if not first:
        return second
    if second in first:
        return first
    if first in second:
        return second
    a, b = tokens.decode(first[-1]), tokens.decode(second[0])
    glue = tokens.encode(" ") if _WORDY.match(a[-1]) and _WORDY.match(b[0]) else ""
    return first + glue + second


def merge3(base: str, mine: str, theirs: str) -> str:
    """``mine`` and ``theirs``, both written from ``base``, as one text keeping both sides' words."""
    if mine in (base, theirs):
        return theirs
    if theirs == base:
        return mine
    tokens = _Tokens()
    b, m, t = tokens.encode(base), tokens.encode(mine), tokens.encode(theirs)
    dmp = _differ()
    their_deleted, their_inserted = _changes(dmp, b, t)
    my_deleted, my_inserted = _changes(dmp, b, m)
    out = []
    for i in range(len(b) + 1):
        out.append(_together(tokens, their_inserted[i], my_inserted[i]))
        if i < len(b) and not (their_deleted[i] or my_deleted[i]):
            out.append(b[i])
    return tokens.decode("".join(out))


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def splices(old: str, new: str) -> list[list]:
    """The changes from ``old`` to ``new`` as [start, end, inserted] on ``old``, in UTF-16 code
    units as a browser counts them, first to last: what a page needs to move its person's
    cursor and to tell the others' changes from its own typing."""
    dmp = _differ()
    diffs = dmp.diff_main(old, new)
    dmp.diff_cleanupSemantic(diffs)
    out: list[list] = []
    at = 0  # position in old, in UTF-16 units
    for op, data in diffs:
        size = _utf16(data)
        if op == dmp.DIFF_EQUAL:
            at += size
            continue
        if out and out[-1][1] == at:  # a deletion next to an insertion: one replacement
            last = out[-1]
        else:
            last = [at, at, ""]
            out.append(last)
        if op == dmp.DIFF_DELETE:
            last[1] += size
            at += size
        else:
            last[2] += data
    return out


def authorship(versions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Who wrote which part of the newest text: ``versions`` are (author, text) oldest first,
    as the history keeps them; the answer is the newest text cut into (author, part) runs, each
    character credited to the version that first had it."""
    if not versions:
        return []
    dmp = _differ()
    text, credit = "", []
    for author, new in versions:
        diffs = dmp.diff_main(text, new)
        dmp.diff_cleanupSemantic(diffs)
        kept, i = [], 0
        for op, data in diffs:
            if op == dmp.DIFF_EQUAL:
                kept += credit[i:i + len(data)]
                i += len(data)
            elif op == dmp.DIFF_DELETE:
                i += len(data)
            else:
                kept += [author] * len(data)
        text, credit = new, kept
    runs: list[tuple[str, str]] = []
    for ch, author in zip(text, credit, strict=True):
        if runs and runs[-1][0] == author:
            runs[-1] = (author, runs[-1][1] + ch)
        else:
            runs.append((author, ch))
    return runs


def merge_values(base: Any, mine: Any, theirs: Any) -> Any:
    """An answer's value merged as ``merge3`` merges texts: every text in it (a dict's values,
    at any depth) merged, anything else as ``mine`` has it; what only ``theirs`` has is kept."""
    if isinstance(mine, str) and isinstance(theirs, str):
        return merge3(base if isinstance(base, str) else "", mine, theirs)
    if isinstance(mine, dict) and isinstance(theirs, dict):
        base = base if isinstance(base, dict) else {}
        merged = dict(theirs)
        for key, value in mine.items():
            merged[key] = merge_values(base.get(key), value, theirs[key]) if key in theirs else value
        return merged
    return mine
