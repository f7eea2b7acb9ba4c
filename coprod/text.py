"""Validation of text that people type: what is kept, what is stripped, what is refused."""

from __future__ import annotations

import unicodedata

MAX_ANSWER = 5_000
MAX_NAME = 60


class InvalidText(ValueError):
    """Text that cannot be stored; the message is written for the person who typed it."""


def clean(value, *, limit: int | None = MAX_ANSWER, what: str = "Your answer", required: bool = False,
          strip: bool = True) -> str:
    """Return text fit to store: control characters removed, everything else kept.

    Emoji, right-to-left text and every script are kept as typed. Newlines and tabs are
    kept; other control characters (which no keyboard types, and which can corrupt a
    terminal or an export) are removed. Leading and trailing blank space is trimmed unless
    ``strip`` is False (a text being written together is saved as typed, or the space someone
    just typed would vanish from their box at the next merge).
    """
    if not isinstance(value, str):
        raise InvalidText(f"{what} must be text.")
    # Cs: half of a surrogate pair, which no encoding can store (a broken paste, or a
    # crafted message), so it is dropped like a control character.
    kept = "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs"))
    if strip:
        kept = kept.strip()
    if required and not kept.strip():
        raise InvalidText(f"{what} is empty. Please write something first.")
    if limit is not None and len(kept) > limit:
        raise InvalidText(
            f"{what} is {len(kept):,} characters long; the limit is {limit:,}. Please shorten it."
        )
    return kept


def clean_name(value) -> str:
    name = " ".join(clean(value, limit=None, what="Your name", required=True).split())
    if len(name) > MAX_NAME:
        raise InvalidText(f"Your name is {len(name):,} characters long; the limit is {MAX_NAME}. Please shorten it.")
    return name
