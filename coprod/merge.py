"""Texts written together: a three-way merge that keeps every word anyone typed.

A page sends the text its person wrote (``mine``) with the text it started from (``base``);
the store holds the group's newest text (``theirs``), which others may have changed since.
diff-match-patch (Google's diff library, as packaged on PyPI) finds what each side changed
from ``base``, word by word; the merge keeps every insertion of both sides and applies both
sides' deletions. A deletion removes only words that were in ``base``: words someone typed
meanwhile are never in a deletion, so nothing typed is lost, whatever the order of the saves.
(diff-match-patch's own patch_apply is fuzzy: a patch whose context someone else deleted is
dropped, words and all, so only its diff is used.)

Where both sides wrote at the same place, theirs comes first, then mine; if one side's
insertion is already inside the other's (the same words typed twice, a save resent after a
lost connection), it is written once. The merge is a pure function: the store runs it inside
the save's own write transaction (coprod.store.answers), so two servers cannot interleave.
"""

from __future__ import annotations

import re
from typing import Any

from diff_match_patch import diff_match_patch

# A unit is a word or a single sign with the blank space after it (a text's leading space is
# a unit of its own). Units are matched by their word alone: space is never what aligns two
# texts, or a diff could pair two spaces and take a word kept by everyone for a new one.
_UNIT = re.compile(r"^\s+|(?:\w+|[^\w\s])\s*")
_WORDY = re.compile(r"\w")
_FIRST_CODE = 0x10000  # words become characters from here on (above every surrogate)


def _differ() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0.5  # a diff cut short is still a correct diff, only a longer one
    return dmp


class _Units:
    """Texts cut into units, each unit's word one character, shared by the texts merged."""

    def __init__(self):
        self.codes: dict[str, str] = {}

    def split(self, text: str) -> tuple[list[str], str]:
        units = _UNIT.findall(text)
        codes = []
        for unit in units:
            word = unit.rstrip() or " "
            code = self.codes.get(word)
            if code is None:
                code = self.codes[word] = chr(_FIRST_CODE + len(self.codes))
            codes.append(code)
        return units, "".join(codes)


class _Side:
    """What one side did to the base, unit by unit: deleted it, kept it (as what, with which
    space after it), and what it inserted before each base unit (index len(base): at the end)."""

    def __init__(self, dmp: diff_match_patch, base: tuple[list[str], str], other: tuple[list[str], str]):
        (_, base_codes), (units, codes) = base, other
        self.deleted = [False] * len(base_codes)
        self.kept: list[str | None] = [None] * len(base_codes)
        self.inserted: list[list[str]] = [[] for _ in range(len(base_codes) + 1)]
        i = j = 0
        for op, data in dmp.diff_main(base_codes, codes, False):
            if op == dmp.DIFF_EQUAL:
                for k in range(len(data)):
                    self.kept[i + k] = units[j + k]
                i, j = i + len(data), j + len(data)
            elif op == dmp.DIFF_DELETE:
                self.deleted[i:i + len(data)] = [True] * len(data)
                i += len(data)
            else:
                self.inserted[i] += units[j:j + len(data)]
                j += len(data)


def _together(first: list[str], second: list[str]) -> list[str]:
    """Two insertions at one place, each once: one already inside the other is written once
    (the same words typed twice, a save sent again after a lost connection)."""
    if not first:
        return second
    for small, big in ((second, first), (first, second)):
        words, within = [u.rstrip() for u in small], [u.rstrip() for u in big]
        if any(within[k:k + len(words)] == words for k in range(len(within) - len(words) + 1)):
            return big
    return first + second


def _kept(base: str, mine: str, theirs: str, theirs_follow: bool) -> str:
    """A unit both sides kept, with the space after it that changed (a line break, say), mine
    if both changed it. A side that wrote after a word that had no space after it gave it one
    for what it wrote: if their words follow it here, theirs."""
    word = base.rstrip()
    space_b, space_m, space_t = (u[len(word):] for u in (base, mine, theirs))
    space = space_t if space_m == space_b else space_m
    if not space_b and theirs_follow:
        space = space_t
    return word + space


def merge3(base: str, mine: str, theirs: str) -> str:
    """``mine`` and ``theirs``, both written from ``base``, as one text keeping both sides' words."""
    if mine in (base, theirs):
        return theirs
    if theirs == base:
        return mine
    units = _Units()
    b, m, t = units.split(base), units.split(mine), units.split(theirs)
    dmp = _differ()
    their, my = _Side(dmp, b, t), _Side(dmp, b, m)
    pieces: list[str] = []
    for i in range(len(b[1]) + 1):
        pieces += _together(their.inserted[i], my.inserted[i])
        if i < len(b[1]) and not (their.deleted[i] or my.deleted[i]):
            pieces.append(_kept(b[0][i], my.kept[i], their.kept[i], bool(their.inserted[i + 1])))
    # No text has two words side by side without something between them: where two now meet
    # (someone's word put after a word without space), a space keeps them two words.
    out: list[str] = []
    for piece in pieces:
        if out and _WORDY.match(piece) and _WORDY.match(out[-1][-1]):
            out.append(" ")
        out.append(piece)
    return "".join(out)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def splices(old: str, new: str) -> list[list]:
    """The changes from ``old`` to ``new`` as [start, end, inserted] on ``old``, in UTF-16 code
    units as a browser counts them, first to last: what a page needs to move its person's
    cursor and to tell the others' changes from its own typing."""
    dmp = _differ()
    # No semantic clean-up: it may slide an insertion made just at the cursor to before the
    # space the person just typed, taking the cursor past others' words. The plain diff takes the
    # longest common start first, so such an insertion stays after the cursor.
    diffs = dmp.diff_main(old, new)
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
