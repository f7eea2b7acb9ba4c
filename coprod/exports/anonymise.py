"""Taking people's names and email addresses out of an export.

What is replaced:

- the author and owner of every answer become a stable anonymous id per workshop
  ("P01", "P02", ... in the order people joined, removed people included);
- values that name a person by design: a response someone added to a partner's answers
  carries its author's name in ``by`` (Activity 4a); the values tree places each member's
  value under an item that holds their participant number (``place/<id>-<note>``);
- in every text (answers, group and workshop names) each name a participant has gone by,
  and each word of it (a first name or a surname alone), matched as a whole word and
  ignoring case, becomes that person's anonymous id (or "[name]" when two people share
  it); single characters are left alone, since they would wipe out words like "a" and
  "I". A name that is also an ordinary word ("Will", "Hope") is replaced wherever that
  word appears: too much is hidden rather than too little;
- every email address given for the follow-up, and anything else shaped like an email
  address, becomes "[email]".

What is not: free text a person typed may still identify someone, by a nickname, a
misspelt name, a surname alone, a role ("our manager at the library") or a story. Read
the texts before sharing an anonymised export beyond the research team.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from coprod.exports.people import People

# The lookbehind lets a match start only where a run of address characters starts: without
# it, a long run with no "@" costs time quadratic in its length.
EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
PLACE_ITEM = re.compile(r"^(place/)(\d+)(-)")  # coprod.tasks.values_tree.builder: place/<person id>-<note id>
AMBIGUOUS = "[name]"
EMAIL_MARK = "[email]"
MIN_NAME_LENGTH = 2


class Anonymiser:
    def __init__(self, people: People, emails: Iterable[str]):
        self.people = people
        owners: dict[str, set[str]] = {}
        for pid, names in people.names_ever.items():
            # A first name or surname alone ("alice" for "Alice Åström") names the person too.
            for said in names | {part for name in names for part in name.split()}:
                owners.setdefault(said.lower(), set()).add(people.by_id[pid].pseudonym)
        self._replacement = {name: next(iter(ids)) if len(ids) == 1 else AMBIGUOUS for name, ids in owners.items()}
        usable = sorted((n for n in owners if len(n) >= MIN_NAME_LENGTH), key=len, reverse=True)
        # Longest first, so that "Mary Ann" is replaced whole rather than leaving "Ann".
        self._names = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(n) for n in usable) + r")(?!\w)", re.IGNORECASE) if usable else None
        known = sorted({e for e in emails if e}, key=len, reverse=True)
        self._emails = re.compile("|".join(re.escape(e) for e in known), re.IGNORECASE) if known else None

    def person(self, participant_id: int | None) -> str | None:
        return self.people.pseudonym(participant_id)

    def text(self, text: str | None) -> str | None:
        if not text:
            return text
        if self._emails is not None:  # known addresses first: some are not shaped like one
            text = self._emails.sub(EMAIL_MARK, text)
        text = EMAIL.sub(EMAIL_MARK, text)
        if self._names is not None:
            text = self._names.sub(lambda m: self._replacement.get(m.group(0).lower(), AMBIGUOUS), text)
        return text

    def name(self, name: str) -> str:
        """A value that is a person's name by design (a note's "by"): always replaced."""
        return self._replacement.get(name.lower(), AMBIGUOUS) if name else name

    def item(self, item: str) -> str:
        return PLACE_ITEM.sub(lambda m: f"{m.group(1)}{self.person(int(m.group(2))) or 'P?'}{m.group(3)}", item)

    def value(self, item: str, value):
        if not isinstance(value, str):
            return value
        if item.rsplit("/", 1)[-1] == "by":
            return self.name(value)
        return self.text(value)
