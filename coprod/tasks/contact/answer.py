"""A contact task stores no answer: an address given is kept in the store's contacts, which
only the facilitator's follow-up list reads (coprod.store.Store.set_contact)."""

from __future__ import annotations

from coprod.tasks.answers import Answers

ANSWERS = Answers(())
