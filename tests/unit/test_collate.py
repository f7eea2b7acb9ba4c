"""What the room made, collated: a workshop of two groups (and one person without a group)
does every activity through the activities' own widgets, then each activity's collated
HTML is checked group by group, with hidden posts, hostile text and email addresses."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html import escape

import pytest

from coprod.collate import activity_html, posts
from coprod.moderation import hidden_posts, set_hidden
from coprod.participant import ParticipantApp
from coprod.session import Session
from coprod.store import Store
from coprod.tasks.grid.needs_builder import NeedsControls
from coprod.tasks.scale.collation import evaluation_summary
from coprod.widgets import Matrix, Notes, Picker, Scale, SharedList, TextEntry
from tests.unit.test_journey_widgets import find, send

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
RTL = "\u202eevil.exe\u202c"
HUGE = "y" * 100_000
EMAIL = "ann.private@example.org"
GROUPS = {"Robins": ("Ann", "Ben"), "Wrens & <Co>": ("Cat", "Dan")}
# Each person's answers to the seven evaluation statements (index into the scale).
RATINGS = {"Ann": [4, 3, 4, 3, 4, 2, 3], "Ben": [3, 3, 2, 4, 4, 1, 3], "Cat": [4, 2, 3, 3, 0, 2, 4],
           "Dan": [2, 1, 3, 4, 3, 2, 4], "Eve": [0, 2, 2, 2, 2, 2, 2]}


@dataclass
class Built:
    store: Store
    content: object
    workshop: object
    people: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)


def _entry(app, label):
    # Activity 9's boxes say which problem they are for after the question: "<question> (<problem>)".
    return next(t for t in find(app.body, TextEntry) if t.label == label or t.label.startswith(f"{label} ("))


def _write(app, label, text):
    entry = _entry(app, label)
    send(entry, action="save", text=text, base=entry.version, nonce=1)
    assert entry.status["kind"] == "saved", entry.status


def _list(app, title_start):
    return next(s for s in find(app.body, SharedList) if s.title.startswith(title_start))


def _add(widget, **values):
    send(widget, action="add", values=values, nonce=1)
    assert widget.status["kind"] == "saved", widget.status


def _note(app, question, text, *, posted=False, index=0):
    notes = find(app.body, Notes)[index]
    send(notes, action="add", question=question, text=text, nonce=1)
    if posted:
        send(notes, action="post", id=notes.value[-1]["id"], posted=True)
    return notes


def _do_group_work(app, g, content, controls):
    """What the first member of a group writes for the whole group."""
    app.open("defining-co-production")
    _write(app, "Our definition of co-production is...", f"{g} definition: with people, not for them")
    app.open("values")
    _add(_list(app, "The trunk"), text=f"{g} trunk of fairness")
    app.refresh()
    for menu in [c for c in find(app.body, object) if "coprod-place" in getattr(c, "_dom_classes", ())]:
        menu.value = dict(menu.options)[f"{g} trunk of fairness"]
    leaves = _list(app, "The leaves")
    send(leaves, action="add_example", id=leaves.examples[0]["id"])
    _write(app, "How easy or hard was the exercise?", f"{g} found the tree easy")
    app.open("assets")
    _add(_list(app, "Skills"), text=f"{g} skill of cooking")
    _add(_list(app, "What asset 'gaps'"), text=f"{g} gap in funding")
    app.open("inclusive-language")
    _add(_list(app, "What 'buzz words'"), term=f"{g} LOPF", definition="Leeds Older People's Forum")
    _add(_list(app, "Our ground rules"), text=f"{g} rule: no jargon")
    _write(app, "How can these ground rules be implemented? What approaches will you use?", f"{g} will read aloud")
    app.open("identifying-stakeholders")
    _add(_list(app, "Our stakeholders"), **{"text": f"{g} carers", "why-involved": f"{g} they know the service",
                                             "what-they-bring": f"{g} lived experience"})
    pick = next(c for c in find(controls.widget, object) if getattr(c, "description", "") == f"Stakeholder for {g}")
    pick.value = "Paid staff" if g == "Robins" else "Charities"
    app.open("stakeholder-needs")
    app.refresh()
    _write(app, "What might they need to be involved?", f"{g} need time in the working day")
    app.open("power")
    choice = next(s for s in find(app.body, Scale) if s.statements and s.statements[0]["id"] == "scenario")
    send(choice, action="choose", statement="scenario", choice=0 if g == "Robins" else 2)
    matrix = find(app.body, Matrix)[0]
    send(matrix, action="rate", row="funders", column="now", choice=3)
    send(matrix, action="rate", row="funders", column="should", choice=1)
    _write(app, "What decisions might need to be made?", f"{g} decide who sits on the panel")
    app.open("warning-signs")
    picker = find(app.body, Picker)[0]
    picker.value  # noqa: B018 - the options are read from the store when the page is drawn
    ids = [o["id"] for o in picker.options]
    send(picker, action="pick", id=ids[0] if g == "Robins" else ids[1], picked=True)
    send(picker, action="pick", id=ids[-1], picked=True)
    _write(app, "What are the warning signs of the problem arising", f"{g} sign: fewer people come")
    _write(app, "How to solve the problem", f"{g} solution: ask why")


def _do_own_work(app, name, g, content):
    """What every person writes for themselves."""
    app.open("what-do-you-know")
    _note(app, "already-know", f"{name} of {g} knows co-production", posted=True)
    _note(app, "want-to-know", f"{name} unposted private note")
    app.open("defining-co-production")
    sort = next(s for s in find(app.body, Scale) if "coprod-card-sort" in s._dom_classes)
    # Everyone agrees on "with-not-for"; the room is split on "service-users-decide".
    send(sort, action="choose", statement="with-not-for", choice=0)
    send(sort, action="choose", statement="service-users-decide", choice={"Ann": 0, "Ben": 2, "Cat": 1}.get(name, 0))
    easy = next(s for s in find(app.body, Scale) if s.statements and s.statements[0]["id"] == "how-easy")
    send(easy, action="choose", statement="how-easy", choice=1)
    _write(app, "What made it easy or hard?", f"{name} says it was easy")
    app.open("values")
    _note(app, "happy", f"{name} value: family time")
    app.open("assets")
    _note(app, "good-at", f"{name} is good at listening")
    app.open("power")
    _write(app, "Your responsibilities and/or your knowledge", f"{name} runs the lunch club")
    _write(app, "How did the exercise make you feel?", f"{name} felt thoughtful")
    app.open("reflecting")
    _write(app, "What do you now know about co-production?", f"{name} reflects: it takes time")
    app.open("evaluating")
    scale = find(app.body, Scale)[0]
    for statement, choice in zip(scale.statements, RATINGS[name], strict=True):
        send(scale, action="choose", statement=statement["id"], choice=choice)
    _write(app, "Which parts of the training did you find useful?", f"{name} liked the cards")
    app.open("planning")
    _write(app, "What is one thing you plan to do following the training?", f"{name} commits to a lunch club")


def build_workshop(store: Store, content, *, hostile: bool = True) -> Built:
    workshop, _ = store.create_workshop("Leeds, March")
    built = Built(store, content, workshop)
    controls = NeedsControls(store, content, workshop, content.activity("stakeholder-needs"),
                             content.activity("stakeholder-needs").parts[0].tasks[0])
    for g, names in GROUPS.items():
        group = store.create_group(workshop, g)
        built.groups[g] = group
        for name in names:
            built.people[name] = store.assign_group(store.join(workshop, name)[0], group.id)
    built.people["Eve"] = store.join(workshop, "Eve")[0]
    controls.draw()
    apps = {name: ParticipantApp(Session(store, content, workshop, person)) for name, person in built.people.items()}
    apps["Eve"].open("warning-signs")
    _add(_list(apps["Eve"], "Our own examples"), text="Eve: meetings at times carers cannot come")
    for g, names in GROUPS.items():
        for name in names:
            _do_own_work(apps[name], name, g, content)
        _do_group_work(apps[names[0]], g, content, controls)
    _do_own_work(apps["Eve"], "Eve", "no group", content)
    store.set_contact(built.people["Ann"], EMAIL)
    if hostile:
        eve = built.people["Eve"]
        store.save(eve, "what-do-you-know", "know-questions", "hostile-1",
                   {"question": "already-know", "text": SCRIPT, "posted": True})
        store.save(eve, "planning", "commitment", "text", {"text": f"{IMG} {RTL}"})
        store.save(built.people["Ben"], "reflecting", "reflection", "r1/still-have", {"text": HUGE})
    return built


@pytest.fixture(scope="module")
def built(content):
    store = Store.memory()
    yield build_workshop(store, content)
    store.dispose()


def group_section(html: str, name: str) -> str:
    """The parts of a collated page under one group's heading (a group has one per part)."""
    found = []
    for match in re.finditer(re.escape(f">{escape(name)}</h"), html):
        found.append(html[match.start():html.find("</section>", match.start())])
    assert found, f"no section for {name}"
    return "".join(found)


def html_of(built, activity, **kwargs):
    hidden = hidden_posts(built.store.settings(built.workshop.id))
    return activity_html(built.store, built.content, built.workshop, activity, hidden=hidden, **kwargs)


@pytest.mark.parametrize(("activity", "expected"), [
    ("defining-co-production", ["{g} definition: with people, not for them", "{a} says it was easy"]),
    ("values", ["{g} trunk of fairness", "{a} value: family time", "{g} found the tree easy"]),
    ("assets", ["{g} skill of cooking", "{g} gap in funding", "{a} is good at listening"]),
    ("inclusive-language", ["{g} LOPF", "{g} rule: no jargon", "{g} will read aloud"]),
    ("identifying-stakeholders", ["{g} carers", "{g} they know the service", "{g} lived experience"]),
    ("power", ["{g} decide who sits on the panel", "{a} runs the lunch club", "{a} felt thoughtful"]),
    ("warning-signs", ["{g} sign: fewer people come", "{g} solution: ask why"]),
    ("reflecting", ["{a} reflects: it takes time"]),
    ("planning", ["{a} commits to a lunch club"]),
])
def test_each_groups_work_is_under_its_own_name(built, activity, expected):
    page = html_of(built, activity)
    for g, (first, _) in GROUPS.items():
        other = next(o for o in GROUPS if o != g)
        mine, theirs = group_section(page, g), group_section(page, other)
        for text in expected:
            said = escape(text.format(g=g, a=first))
            assert said in mine, (activity, g, said)
            assert said not in theirs


def test_activity_1_notes_by_question_then_group(built, content):
    page = html_of(built, "what-do-you-know")
    know = page[page.index(escape(content.activity("what-do-you-know").parts[0].tasks[0].questions[0].text)):]
    for g, names in GROUPS.items():
        for name in names:
            assert escape(f"{name} of {g} knows co-production") in group_section(know, g)
    assert "unposted private note" not in page  # only what was posted to the board
    assert "Not in a group" in page and page.index("Not in a group") > page.index(escape("Wrens & <Co>"))


def test_card_sort_counts_and_most_contested(built):
    page = html_of(built, "defining-co-production")
    room = page[:page.index("coprod-collate-group")]
    rows = re.findall(r"<tr><th[^>]* scope='row' dir='auto'>(.*?)</th>(.*?)</tr>", room)  # data-label: stacked
    counts = {re.sub(r" <strong.*", "", card): re.findall(r">(\d+)<", cells) for card, cells in rows}
    decide = next(k for k in counts if "make all the key decisions" in k)
    with_not_for = next(k for k in counts if "doing things with people" in k)
    assert counts[with_not_for] == ["5", "0", "0"] and counts[decide] == ["3", "1", "1"]
    assert "make all the key decisions <strong class='coprod-contested'>(most contested)" in room
    assert "doing things with people, instead of for them, or at them <strong" not in room
    robins = group_section(page, "Robins")
    assert re.search(r"make all the key decisions.*?</th><td[^>]*>1</td><td[^>]*>0</td>"
                     r"<td[^>]*>1</td>", robins)


def test_values_tree_assets_grid_needs_grid_and_heatmaps(built):
    values = html_of(built, "values")
    robins = group_section(values, "Robins")
    assert "<svg" in robins and "Robins trunk of fairness (2)" in robins and "id='coprod-tree-" in robins
    assert values.count("class='coprod-tree-svg'") == 2
    needs = html_of(built, "stakeholder-needs")
    assert "Paid staff" in needs and "Robins need time in the working day" in needs and "Charities" in needs
    assert escape("(Wrens & <Co>)") in needs
    power = html_of(built, "power")
    assert escape("Example One: Recruiting Staff (the group's chosen example)") in group_section(power, "Robins")
    assert "Example Three: Dealing with a complaint" in group_section(power, "Wrens & <Co>")
    assert "↓ 2 less" in group_section(power, "Robins") and "Power now and as it should be" in power


def test_warning_signs_show_the_rooms_list_and_each_groups_picks(built):
    page = html_of(built, "warning-signs")
    assert "Eve: meetings at times carers cannot come" in page[:page.index("coprod-collate-group")]
    for g in GROUPS:
        assert "Eve: meetings at times carers cannot come" in group_section(page, g)  # both picked it


def test_evaluation_counts_chart_and_open_answers(built):
    summary = evaluation_summary(built.store, built.content, built.workshop)
    assert summary.respondents == 5
    for index, statement in enumerate(summary.statements):
        expected = [0] * 5
        for ratings in RATINGS.values():
            expected[ratings[index]] += 1
        assert list(statement.counts) == expected, statement.text
    assert {row["count"] for row in summary.rows() if row["answer"] == "Strongly agree"} >= {2}
    assert summary.frame().loc["I enjoyed the training session", "Strongly agree"] == 2
    [(question, answers)] = summary.open_answers[:1]
    assert question == "Which parts of the training did you find useful?" and "Cat liked the cards" in answers

    page = html_of(built, "evaluating")
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    root = ET.fromstring(svg)
    words = " ".join(" ".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for statement in summary.statements:
        for word in statement.text.split():
            assert word in words
    assert "role='img' aria-label='Bar chart of how people rated 7 statements." in page
    assert page.index("</svg>") < page.index("The same figures as a table")
    table = page[page.index("The same figures as a table"):]
    first_row = re.search(r"I enjoyed the training session</th>(.*?)</tr>", table).group(1)
    assert re.findall(r">(\d+)<", first_row) == ["1", "0", "1", "1", "2", "5"]
    assert "Cat liked the cards" in page and "Cat liked the cards" not in html_of(built, "evaluating",
                                                                                     audience="room")


def test_hostile_text_is_escaped_and_no_email_anywhere(built, content):
    pages = {a.id: html_of(built, a) for a in content.activities}
    everything = "".join(pages.values())
    assert "<script" not in everything and "<img" not in everything
    assert escape(SCRIPT) in pages["what-do-you-know"]
    assert escape(IMG) in pages["planning"] and RTL in pages["planning"]
    assert HUGE in pages["reflecting"]
    assert EMAIL not in everything and not re.search(r"@[\w-]+\.[a-z]{2,}", everything)


def test_a_hidden_post_is_left_out_and_listed_for_the_facilitator(built):
    found = posts(built.store, built.content, built.workshop, "inclusive-language")
    rule = next(p for p in found if p.preview == "Robins rule: no jargon")
    assert rule.author == "Ann" and rule.group == "Robins" and not rule.hidden
    assert {p.preview for p in found} >= {"Wrens & <Co> LOPF – Leeds Older People's Forum",
                                          "Robins will read aloud"}
    assert "Robins rule: no jargon" in html_of(built, "inclusive-language")
    set_hidden(built.store, built.workshop, rule.answer, True)
    try:
        assert "Robins rule: no jargon" not in html_of(built, "inclusive-language")
        assert next(p for p in posts(built.store, built.content, built.workshop, "inclusive-language")
                    if p.key == rule.key).hidden
    finally:
        set_hidden(built.store, built.workshop, rule.answer, False)
    assert "Robins rule: no jargon" in html_of(built, "inclusive-language")


def test_posts_are_free_text_only_with_short_previews(built):
    found = posts(built.store, built.content, built.workshop, "reflecting")
    huge = next(p for p in found if p.answer.item == "r1/still-have")
    assert len(huge.preview) <= 80 and huge.preview.endswith("…")
    evaluation = posts(built.store, built.content, built.workshop, "evaluating")
    assert evaluation and all(p.answer.task == "evaluation-questions" for p in evaluation)  # no ratings
    assert all(p.answer.task != "follow-up" for p in posts(built.store, built.content, built.workshop, "planning"))


def test_the_room_sees_shared_work_but_not_private_answers(built):
    room = html_of(built, "power", audience="room")
    assert "Robins decide who sits on the panel" in room and "runs the lunch club" not in room
    assert "reflects" not in html_of(built, "reflecting", audience="room")
    assert "Ann commits to a lunch club" in html_of(built, "planning", audience="room")  # the commitments' wall
    assert "value: family time" in html_of(built, "values")
    values_room = html_of(built, "values", audience="room")
    assert "value: family time (Ann)" not in values_room and "<svg" in values_room
    with pytest.raises(ValueError, match="audience"):
        html_of(built, "power", audience="everyone")


def test_headings_start_at_h3_and_never_skip_a_level(built, content):
    for activity in content.activities:
        page = html_of(built, activity)
        levels = [int(n) for n in re.findall(r"<h(\d)", page)]
        assert not levels or (min(levels) == 3 and max(levels) <= 6), activity.id
        assert all(b - a <= 1 for a, b in zip([2, *levels], levels, strict=False)), (activity.id, levels)


def test_an_empty_workshop_says_nothing_yet(fresh_store, content):
    workshop, _ = fresh_store.create_workshop("Empty")
    for activity in content.activities:
        page = activity_html(fresh_store, content, workshop, activity)
        assert "coprod-empty" in page or re.search(r"<td[^>]*>0</td>", page) or "No group has" in page, activity.id
    assert evaluation_summary(fresh_store, content, workshop).respondents == 0
    assert "No ratings yet." in activity_html(fresh_store, content, workshop, "evaluating")
