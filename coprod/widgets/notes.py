"""Questions answered with several short responses, some of them posted to the board."""

from __future__ import annotations

import secrets
from collections.abc import Callable

import traitlets as t

from coprod.text import InvalidText, clean
from coprod.widgets._base import STATIC, KernelOwnedWidget, log, static_css

SAVE_FAILED = "Sorry, that could not be saved just now. Your text is still here: please try again."


class Notes(KernelOwnedWidget):
    """Free-text responses to questions, as many as a person likes, chosen for the board.

    ``save(response)`` is called with each new or changed response before it is shown as
    saved; if it raises, the person is told and keeps their text.
    """

    _esm = STATIC / "notes.js"
    _css = static_css("notes.css")

    questions = t.List(t.Dict(), help="questions: id, text, hint_intro, hints, examples").tag(sync=True)
    value = t.List(t.Dict(), help="responses: id, question, text, posted").tag(sync=True)
    post_limit = t.Int(0, help="how many responses per question may be posted; 0 for none").tag(sync=True)
    goals_question = t.Unicode("", help="the question whose posted responses are personal goals").tag(sync=True)
    draft_key = t.Unicode("", help="names this widget's drafts in the browser's storage").tag(sync=True)
    status = t.Dict(help="the outcome of the last request: kind, text, question, nonce").tag(sync=True)

    def __init__(self, *, save: Callable[[dict], None] | None = None, **kwargs):
        super().__init__(**kwargs)
        self._save = save or (lambda response: None)

    def _question_ids(self) -> set[str]:
        return {q["id"] for q in self.questions}

    def _on_add(self, msg: dict) -> None:
        question, nonce = msg.get("question"), msg.get("nonce")
        if question not in self._question_ids():
            return
        try:
            text = clean(msg.get("text"), what="Your response", required=True)
        except InvalidText as exc:
            self.status = {"kind": "error", "text": str(exc), "question": question, "nonce": nonce}
            return
        response = {"id": secrets.token_hex(6), "question": question, "text": text, "posted": False}
        if not self._store(response, question, nonce):
            return
        self.value = [*self.value, response]
        self.status = {"kind": "saved", "text": "Saved.", "question": question, "nonce": nonce}

    def _on_post(self, msg: dict) -> None:
        response = self._find(msg.get("id"))
        posted = msg.get("posted")
        if response is None or not isinstance(posted, bool) or response["posted"] == posted:
            return
        question = response["question"]
        chosen = sum(1 for r in self.value if r["question"] == question and r["posted"])
        if posted and chosen >= self.post_limit:
            self.status = {
                "kind": "error", "question": question,
                "text": f"You can post {self.post_limit}. Untick one first to choose another.",
            }
            self.send_state(["value"])  # put the browser's checkbox back
            return
        changed = {**response, "posted": posted}
        if self._store(changed, question, None):
            self._replace(changed)
            note = "Posted to the board." if posted else "Taken off the board."
            self.status = {"kind": "saved", "text": note, "question": question}

    def _on_remove(self, msg: dict) -> None:
        response = self._find(msg.get("id"))
        if response is None:
            return
        if self._store({**response, "removed": True}, response["question"], None):
            self.value = [r for r in self.value if r["id"] != response["id"]]
            self.status = {"kind": "saved", "text": "Removed.", "question": response["question"]}

    def _report_failure(self, content) -> None:
        self.status = {"kind": "error", "text": SAVE_FAILED, "nonce": content.get("nonce"),
                       "question": content.get("question")}

    def _find(self, response_id) -> dict | None:
        return next((r for r in self.value if r["id"] == response_id), None)

    def _replace(self, response: dict) -> None:
        self.value = [response if r["id"] == response["id"] else r for r in self.value]

    def _store(self, response: dict, question: str, nonce) -> bool:
        try:
            self._save(response)
        except Exception:
            log.exception("saving a response failed")
            self.status = {"kind": "error", "text": SAVE_FAILED, "question": question, "nonce": nonce}
            self.send_state(["value"])
            return False
        return True
