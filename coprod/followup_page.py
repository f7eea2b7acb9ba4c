"""The follow-up page: one person's follow-up questionnaire, opened months after the workshop
from their personal follow-up link (``index.ipynb?followup=<token>``, made by `coprod followup`).

It is a mode of the participant's page rather than a notebook of its own: the room's server
already serves index.ipynb, with kernels started ahead of visitors, so a follow-up link opens as
fast as a personal link and the server needs no new page. The link opens this questionnaire and
nothing else: not the workshop's activities, not the group's work. Each task is built by the
task type's own builder, so a question looks and saves as it does on the day; every save checks
again that the person still agrees to be contacted (``FollowupSession``).
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from coprod.activities.page import html
from coprod.content import CourseContent, Followup, ScaleTask
from coprod.exports.followup import commitment_task
from coprod.locking import one_at_a_time
from coprod.session import Session
from coprod.store import NotAllowed, Store
from coprod.tasks.answers import TextValue
from coprod.tasks.parts import part
from coprod.widgets import Status

GONE = ("This link no longer opens",
        "It may have been copied only in part, or you asked not to be contacted again. "
        "If you think it should work, please reply to the email that brought it to you.")
STOPPED = ("We will not contact you again about this training. This link no longer opens. "
           "The answers you gave are kept with the workshop's other answers.")


class FollowupSession(Session):
    """A session whose saves stop as soon as the person withdraws, is removed or is forgotten,
    even on a page opened before."""

    def _still_consents(self) -> None:
        if not self.store.consents(self.participant):
            raise NotAllowed("this person no longer agrees to be contacted")

    def save(self, *args, **kwargs):
        self._still_consents()
        return super().save(*args, **kwargs)

    def save_merged(self, *args, **kwargs):
        self._still_consents()
        return super().save_merged(*args, **kwargs)


def message(title: str, text: str) -> w.HTML:
    box = w.HTML(f"<h2>{escape(title)}</h2><p>{escape(text)}</p>")
    box.add_class("coprod-message-page")
    return box


def followup_view(store: Store, content: CourseContent, token: str) -> w.Widget:
    """The questionnaire of the person whose follow-up link this is, or why the link does not open."""
    person = store.participant_by_followup_token(token) if content.followup else None
    workshop = store.workshop(person.workshop_id) if person else None
    if person is None or workshop is None:
        return message(*GONE)
    session = FollowupSession(store, content, workshop, person)
    followup = content.followup
    activity = followup.as_activity()
    answered = _answered_at(session, followup)
    children: list[w.Widget] = [
        html(f"<h2 class='coprod-activity-title'>{escape(followup.title)}</h2>"
             f"<p dir='auto'>{escape(followup.intro)}</p>"
             f"<p class='coprod-followup-privacy' dir='auto'>{escape(followup.privacy)}</p>", "coprod-activity-header"),
        html(_commitment_html(session, followup), "coprod-followup-commitment"),
    ]
    if answered:
        children.append(html(f"<p class='coprod-notice-text'>You answered on {answered:%d %B %Y}. "
                             "You can change your answers below.</p>", "coprod-notice-box"))
    for task in followup.tasks:
        heading = f"<h3>{escape(task.title)}</h3>" if task.title else ""
        intro = f"<p dir='auto'>{escape(task.intro)}</p>" if task.intro and not isinstance(task, ScaleTask) else ""
        if heading or intro:
            children.append(html(heading + intro, "coprod-task-header"))
        children.append(part(task.type, "builder")(activity, task, session))
    children.append(html(f"<p>{escape(followup.thanks)}</p>", "coprod-followup-thanks"))
    children.append(_stop(session, followup))
    box = w.VBox(children)
    box.add_class("coprod-activity")
    box.add_class("coprod-followup")
    return box


def _answered_at(session: Session, followup: Followup):
    """When this person first answered any follow-up question, or None."""
    times = [a.created_at for task in followup.tasks for a in session.mine(followup.id, task.id)]
    return min(times) if times else None


def _commitment_html(session: Session, followup: Followup) -> str:
    where = commitment_task(session.content)
    answers = session.mine(*where) if where else []
    text = TextValue.text_of(answers[-1].value) if answers else ""
    if not text.strip():
        return f"<p>{escape(followup.no_commitment)}</p>"
    return (f"<p>{escape(followup.commitment_intro)}</p>"
            f"<blockquote class='coprod-followup-plan' dir='auto'>{escape(text)}</blockquote>")


def _stop(session: Session, followup: Followup) -> w.Widget:
    """Stopping the follow-up here withdraws consent, as unticking it in Activity 12 would."""
    button = w.Button(description=followup.stop)
    button.add_class("coprod-button-widget")
    button.add_class("coprod-button-secondary")  # a way out, not the page's main action
    button.add_class("coprod-followup-stop")
    said = Status()
    box = w.VBox([button, said])

    @one_at_a_time
    def on_stop(_button) -> None:
        session.store.set_contact(session.participant, None)
        button.disabled = True
        said.say(STOPPED)

    button.on_click(on_stop)
    return box
