"""A bulleted list of the course's own texts, as the projector's briefs draw them (each task
type's brief.py)."""

from __future__ import annotations

from html import escape


def bullets(texts, css: str = "coprod-brief-list") -> str:
    body = "".join(f"<li dir='auto'>{escape(t)}</li>" for t in texts if t)
    return f"<ul class='{css}'>{body}</ul>" if body else ""
