"""The follow-up months later: personal follow-up links for those who agreed to be contacted,
the page such a link opens, and the links stopping when consent ends."""

from __future__ import annotations

import io
from html import escape
from urllib.parse import parse_qs, urlsplit

import ipywidgets as w
import pandas as pd
import pytest
from click.testing import CliRunner

from coprod.app import participant_app
from coprod.cli import cli
from coprod.exports.followup import MAIL_MERGE_COLUMNS, mail_merge_frame
from coprod.followup_page import FollowupSession, followup_view
from coprod.store import NotAllowed, Store
from coprod.widgets import JoinForm, Nav, Scale, TextEntry
from tests.driving import find, send

BASE = "https://coprod.example.ac.uk/voila/render"


@pytest.fixture
def room(fresh_store):
    """Ann and Bo agreed to be contacted, Cy gave an address and withdrew it, Di never did."""
    store = fresh_store
    workshop, _ = store.create_workshop("Leeds, March")
    people = {name: store.join(workshop, name)[0] for name in ("Ann", "Bo", "Cy", "Di")}
    store.set_contact(people["Ann"], "ann@example.org")
    store.set_contact(people["Bo"], "bo@example.org")
    store.set_contact(people["Cy"], "cy@example.org")
    store.set_contact(people["Cy"], None)
    store.save(people["Ann"], "planning", "commitment", "text", {"text": "Ask carers <b>first</b>"})
    return store, workshop, people


def token_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["followup"][0]


def test_mail_merge_lists_only_those_who_agreed_each_with_their_own_link(room, content):
    store, workshop, people = room
    frame = mail_merge_frame(store, content, workshop, BASE)
    assert list(frame.columns) == MAIL_MERGE_COLUMNS == ["name", "email", "link", "commitment"]
    assert frame["name"].tolist() == ["Ann", "Bo"]
    assert frame["email"].tolist() == ["ann@example.org", "bo@example.org"]
    assert frame["commitment"].tolist() == ["Ask carers <b>first</b>", None]
    assert all(link.startswith(f"{BASE}/index.ipynb?followup=") for link in frame["link"])
    ann, bo = (store.participant_by_followup_token(token_of(link)) for link in frame["link"])
    assert (ann.id, bo.id) == (people["Ann"].id, people["Bo"].id)


def test_a_followup_link_is_not_a_personal_link_and_a_personal_link_is_not_a_followup_link(room, content):
    store, workshop, people = room
    token = store.make_followup_link(people["Ann"])
    assert store.participant_by_token(token) is None
    _, day_token = store.join(workshop, "Ed")
    store.set_contact(store.participant_by_token(day_token), "ed@example.org")
    assert store.participant_by_followup_token(day_token) is None
    assert store.participant_by_followup_token("") is None


def test_no_link_for_someone_who_did_not_agree(room):
    store, _, people = room
    for name in ("Cy", "Di"):
        with pytest.raises(NotAllowed):
            store.make_followup_link(people[name])


def test_making_the_list_again_keeps_earlier_links_working(room, content):
    store, workshop, _ = room
    first = mail_merge_frame(store, content, workshop, BASE)["link"].tolist()
    second = mail_merge_frame(store, content, workshop, BASE)["link"].tolist()
    assert set(first).isdisjoint(second)
    assert all(store.participant_by_followup_token(token_of(link)) for link in first + second)


@pytest.mark.parametrize("end", ["withdrawn", "removed", "forgotten"])
def test_the_link_stops_when_consent_ends(room, end):
    store, _, people = room
    token = store.make_followup_link(people["Ann"])
    assert store.participant_by_followup_token(token).id == people["Ann"].id
    {"withdrawn": lambda p: store.set_contact(p, None),
     "removed": store.remove_participant,
     "forgotten": store.forget_participant}[end](people["Ann"])
    assert store.participant_by_followup_token(token) is None
    if end == "forgotten":
        with store.db.read() as tx:
            assert tx.scalar("SELECT count(*) FROM followup_links WHERE participant_id = ?", (people["Ann"].id,)) == 0


def test_giving_an_address_again_reopens_the_link(room):
    store, _, people = room
    token = store.make_followup_link(people["Bo"])
    store.set_contact(people["Bo"], None)
    store.set_contact(people["Bo"], "bo@example.net")
    assert store.participant_by_followup_token(token).id == people["Bo"].id


def page_texts(widget) -> str:
    return " ".join(h.value for h in find(widget, w.HTML))


def test_the_link_opens_only_that_persons_questionnaire(room, content):
    store, _, people = room
    token = store.make_followup_link(people["Ann"])
    page = participant_app(store=store, content=content, params={"followup": token}, live=False)
    text = page_texts(page)
    assert content.followup.title in text and escape(content.followup.privacy) in text
    # Their commitment from the day, as text, never as markup.
    assert "Ask carers &lt;b&gt;first&lt;/b&gt;" in text and "<b>first</b>" not in text
    assert find(page, JoinForm) == [] and find(page, Nav) == []  # not the workshop's activities
    scales = find(page, Scale)
    assert [len(s.statements) for s in scales] == [len(t.statements) for t in content.followup.tasks
                                                  if t.type == "scale"]
    assert len(find(page, TextEntry)) == len(content.followup.tasks[1].questions)


def test_answered_once_then_editable(room, content):
    store, _, people = room
    token = store.make_followup_link(people["Ann"])
    store.save(people["Ann"], "evaluating", "evaluation-statements", "confident", {"choice": 1, "label": "Disagree"})
    page = followup_view(store, content, token)
    assert "You answered on" not in page_texts(page)
    commitment, statements = find(page, Scale)
    send(commitment, action="choose", statement="kept", choice=1)
    send(statements, action="choose", statement="confident", choice=3)
    # The day's answer and this one, side by side, with the move between them.
    assert "↑ up 2 steps" in page_texts(page)

    again = followup_view(store, content, token)
    assert "You answered on" in page_texts(again)
    commitment, _ = find(again, Scale)
    assert commitment.value == {"kept": 1}
    send(commitment, action="choose", statement="kept", choice=2)
    current = store.current(people["Ann"].workshop_id, "followup", "followup-commitment", scope="participant",
                            owner_id=people["Ann"].id)
    assert [a.value["choice"] for a in current] == [2]


def test_an_unknown_or_stopped_link_says_so_without_any_questions(room, content):
    store, _, _ = room
    page = participant_app(store=store, content=content, params={"followup": "not-a-link"}, live=False)
    assert "This link no longer opens" in page_texts(page) and find(page, Scale) == []


def test_stopping_from_the_page_withdraws_consent_and_later_saves_are_refused(room, content):
    store, workshop, people = room
    token = store.make_followup_link(people["Ann"])
    page = followup_view(store, content, token)
    [stop] = [b for b in find(page, w.Button) if b.description == content.followup.stop]
    stop.click()
    assert store.contact(people["Ann"]) is None
    assert store.participant_by_followup_token(token) is None
    session = FollowupSession(store, content, workshop, people["Ann"])
    with pytest.raises(NotAllowed):
        session.save("followup", "followup-commitment", "kept", {"choice": 0})
    commitment = find(page, Scale)[0]
    send(commitment, action="choose", statement="kept", choice=0)  # a page opened before: refused, said
    assert store.current(workshop.id, "followup", "followup-commitment", scope="participant",
                         owner_id=people["Ann"].id) == []


@pytest.mark.parametrize("url", ["https://coprod.example.ac.uk", "https://coprod.example.ac.uk/voila/render/"])
def test_coprod_followup_writes_the_mail_merge(tmp_path, content, url):
    database = tmp_path / "room.sqlite3"
    store = Store(f"sqlite:///{database}")
    store.migrate()
    workshop, _ = store.create_workshop("Leeds, March")
    ann, _ = store.join(workshop, "Ann")
    store.set_contact(ann, "ann@example.org")
    store.dispose()
    out = tmp_path / "links.csv"

    result = CliRunner().invoke(cli, ["followup", "--database", str(database), "--workshop", workshop.code,
                                      "--url", url, "--output", str(out)])

    assert result.exit_code == 0, result.output
    assert "1 person with a personal follow-up link" in result.output and "sends no email" in result.output
    frame = pd.read_csv(io.BytesIO(out.read_bytes()), encoding="utf-8-sig")
    assert frame["name"].tolist() == ["Ann"] and frame["email"].tolist() == ["ann@example.org"]
    assert frame["link"][0].startswith("https://coprod.example.ac.uk/voila/render/index.ipynb?followup=")


def test_coprod_followup_needs_a_web_address(tmp_path):
    result = CliRunner().invoke(cli, ["followup", "--database", str(tmp_path / "x.sqlite3"), "--url", "coprod"])
    assert result.exit_code == 2 and "is not a web address" in result.output


def test_the_consoles_mail_merge_has_each_persons_link_at_the_servers_address(room, content, monkeypatch):
    from coprod.console.take_home import TakeHomePanel
    from coprod.session import PUBLIC_URL_ENV
    from coprod.widgets import Download

    store, workshop, people = room
    monkeypatch.setenv(PUBLIC_URL_ENV, BASE)
    panel = TakeHomePanel(store, content, workshop)
    [button] = [d for d in find(panel.widget, Download) if d.label.startswith("Follow-up links for a mail merge")]
    name, media_type, data = button._make()
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert name.endswith("-follow-up-links.csv") and media_type == "text/csv"
    assert frame["name"].tolist() == ["Ann", "Bo"]
    assert store.participant_by_followup_token(token_of(frame["link"][0])).id == people["Ann"].id


def test_the_links_lifecycle_on_postgresql(postgres_url, content):
    store = Store(postgres_url)
    store.migrate()
    try:
        workshop, _ = store.create_workshop("Leeds")
        ann, bo = store.join(workshop, "Ann")[0], store.join(workshop, "Bo")[0]
        store.set_contact(ann, "ann@example.org")
        store.set_contact(bo, "bo@example.org")
        links = mail_merge_frame(store, content, workshop, BASE)["link"].tolist()
        assert [store.participant_by_followup_token(token_of(link)).display_name for link in links] == ["Ann", "Bo"]
        store.set_contact(ann, None)
        store.forget_participant(bo)
        assert [store.participant_by_followup_token(token_of(link)) for link in links] == [None, None]
    finally:
        store.dispose()
