"""Questions answered with several short responses, some of them posted to the board."""

from __future__ import annotations

import secrets
from collections.abc import Callable

import traitlets as t

from coprod.text import InvalidText, clean
from coprod.widgets._base import KernelOwnedWidget, not_saved, static_css, static_esm

SAVE_FAILED = "Sorry, that could not be saved just now. Your text is still here: please try again."
MAX_RESPONSES = 100  # per question: far beyond a workshop, short of filling a disk from a script


class Notes(KernelOwnedWidget):
    """Free-text responses to questions, as many as a person likes, chosen for the board.

    ``save(response)`` is called with each new or changed response before it is shown as
    saved; if it raises, the person is told and keeps their text. ``load()``, if given,
    returns the stored responses: the same person may have the page open twice, so the
    limits are checked against the store, not only this page's copy.
    """

    _esm = static_esm("notes.js")
    _css = static_css("notes.css")

    questions = t.List(t.Dict(), help="questions: id, text, hint_intro, hints, examples").tag(sync=True)
    value = t.List(t.Dict(), help="responses: id, question, text, posted, by (who added it, if not oneself)"
                   ).tag(sync=True)
    post_limit = t.Int(0, help="how many responses per question may be posted; 0 for none").tag(sync=True)
    goals_question = t.Unicode("", help="the question whose posted responses are personal goals").tag(sync=True)
    draft_key = t.Unicode("", help="names this widget's drafts in the browser's storage").tag(sync=True)
    status = t.Dict(help="the outcome of the last request: kind, text, question, nonce, seq").tag(sync=True)

    def __init__(self, *, save: Callable[[dict], None] | None = None,
                 load: Callable[[], list[dict]] | None = None, **kwargs):
        super().__init__(**kwargs)
        self._save = save or (lambda response: None)
        self._load = load


    def _fresh(self) -> None:
        if self._load is not None:
            self.value = self._load()

    def _on_add(self, msg: dict) -> None:
        question, nonce = msg.get("question"), msg.get("nonce")
        if not isinstance(question, str) or question not in {q["id"] for q in self.questions}:
            return
        try:
            text = clean(msg.get("text"), what="Your response", required=True)
        except InvalidText as exc:
            self._say("error", str(exc), question=question, nonce=nonce)
            return
        self._fresh()
        if sum(1 for r in self.value if r["question"] == question) >= MAX_RESPONSES:
            self._say("error", f"You have {MAX_RESPONSES} responses here, the most there can be. "
                               "Remove one to add another.", question=question, nonce=nonce)
            return
        response = {"id": secrets.token_hex(6), "question": question, "text": text, "posted": False, "by": ""}
        if not self._store(response, question=question, nonce=nonce):
            return
        self.value = [*self.value, response]
        self._say("saved", "Saved.", question=question, nonce=nonce)

    def _on_post(self, msg: dict) -> None:
        posted = msg.get("posted")
        if not isinstance(posted, bool):
            return
        self._fresh()
        response = self._find(msg.get("id"))
        if response is None or response["posted"] == posted:
            self.send_state(["value"])
            return
        question = response["question"]
        chosen = sum(1 for r in self.value if r["question"] == question and r["posted"])
        if posted and chosen >= self.post_limit:
            self._say("error", f"You can post {self.post_limit}. Untick one first to choose another.",
                      question=question)
            return
        changed = {**response, "posted": posted}
        if self._store(changed, question, None):
            self.value = [changed if r["id"] == changed["id"] else r for r in self.value]
            self._say("saved", "Posted to the board." if posted else "Taken off the board.", question=question)

    def _on_remove(self, msg: dict) -> None:
        self._fresh()
        response = self._find(msg.get("id"))
        if response is None:
            return
        if self._store({**response, "removed": True}, response["question"], None):
            self.value = [r for r in self.value if r["id"] != response["id"]]
            self._say("saved", "Removed.", question=response["question"])

    def _report_failure(self, content) -> None:
        response = self._find(content.get("id"))
        question = response["question"] if response else content.get("question")
        self._say("error", SAVE_FAILED, question=question, nonce=content.get("nonce"))

    def _find(self, response_id) -> dict | None:
        return next((r for r in self.value if r["id"] == response_id), None)

    def _store(self, response: dict, question: str, nonce) -> bool:
        try:
            self._save(response)
        except Exception as exc:
            said = not_saved(exc, SAVE_FAILED, "saving a response failed", text_kept=nonce is not None)
            self._say("error", said, question=question, nonce=nonce)
            return False
        return True
