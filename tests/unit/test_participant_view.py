"""What a participant's page shows and where it puts them (issue 15): the toolkit's instructions
for the facilitator stay off it, the page is brought to the top of an activity when the
facilitator moves everyone, and the join page offers to continue as the person who joined
before on this device."""

from __future__ import annotations

import ipywidgets as w
import pytest

from coprod.participant import ParticipantApp
from coprod.session import Session
from tests.driving import find


@pytest.fixture
def room(fresh_store, content):
    workshop, _ = fresh_store.create_workshop("Room")
    group = fresh_store.create_group(workshop, "Group 1")
    people = {name: fresh_store.assign_group(fresh_store.join(workshop, name)[0], group.id) for name in ("Uma", "Vic")}
    sessions = {name: Session(fresh_store, content, workshop, person) for name, person in people.items()}
    return workshop, sessions


def page_text(widget) -> str:
    return " ".join(h.value for h in find(widget, w.HTML))


def toolkit_activities(content):
    return [a for a in content.activities if not content.is_extension(a.id)]


def test_participants_see_the_aim_and_what_to_do_never_the_facilitators_instructions(room, content):
    _, sessions = room
    app = ParticipantApp(sessions["Uma"])
    for activity in content.activities:
        assert app.open(activity.id) is None
        shown = page_text(app.body)
        assert "Instructions for the facilitator" not in shown
        for part in activity.parts:
            assert part.aim.replace("'", "&#x27;") in shown
            for step in part.to_do:
                assert step.replace("'", "&#x27;") in shown
            for instruction in part.instructions:
                if instruction.text in part.to_do:  # a sentence that speaks of what participants do
                    continue
                assert instruction.text.replace("'", "&#x27;") not in shown, (activity.id, instruction.text)
    assert "The facilitator will" not in page_text(app.widget)


def test_every_toolkit_part_with_something_for_participants_to_do_says_what(content):
    # Activity 11's one instruction is the facilitator handing out the questionnaire: its
    # statements say what to do. Every other part says what to do in the toolkit's words.
    missing = [(a.number, p.id) for a in toolkit_activities(content) for p in a.parts if not p.to_do]
    assert missing == [(11, "main")]


def test_the_facilitators_notes_keep_every_instruction_word_for_word(content):
    from coprod.activities.page import facilitator_notes

    for activity in content.activities:
        notes = facilitator_notes(activity)
        for part in activity.parts:
            for instruction in part.instructions:
                if instruction.text in part.to_do:  # a sentence that speaks of what participants do
                    continue
                assert instruction.text.replace("'", "&#x27;") in notes
                for point in instruction.points:
                    assert point.replace("'", "&#x27;") in notes


def bring_everyone(store, workshop, activity_id):
    """What the console's "Bring everyone to this activity" stores (coprod/console/plan_panel.py)."""
    from datetime import UTC, datetime

    store.set_setting(workshop, "current_activity", {"activity": activity_id, "at": datetime.now(UTC).isoformat()})


def test_bring_everyone_shows_the_activity_from_its_top_with_its_heading_focused(room):
    workshop, sessions = room
    app = ParticipantApp(sessions["Uma"])
    app.open("values")
    moves = app.place.seq
    bring_everyone(sessions["Uma"].store, workshop, "power")
    app.refresh()
    assert app.current == "power"
    assert (app.place.target, app.place.seq) == ("power", moves + 1)
    # The heading the page goes to is in the activity's own header, marked for it.
    [header] = [h for h in find(app.body, w.HTML) if "coprod-activity-title" in h.value]
    assert 'data-coprod-heading="power"' in header.value
    # Someone already there, far down the page, is brought back to its top as well.
    vic = ParticipantApp(sessions["Vic"])
    vic.open("warning-signs")
    moves = vic.place.seq
    bring_everyone(sessions["Vic"].store, workshop, "warning-signs")
    vic.refresh()
    assert (vic.place.target, vic.place.seq) == ("warning-signs", moves + 1)
    vic.refresh()  # the same call, seen again: no further move
    assert vic.place.seq == moves + 1


def test_opening_another_activity_starts_at_its_top(room):
    _, sessions = room
    app = ParticipantApp(sessions["Uma"])
    app.open("assets")
    assert (app.place.target, app.place.seq) == ("assets", 1)
    app.open("assets")  # already open: the page stays where the person is
    assert app.place.seq == 1
    app.open("my-notes")
    assert app.place.target == "my-notes"
    assert "data-coprod-heading='my-notes'" in " ".join(h.value for h in find(app.body, w.HTML))


def test_the_timer_is_at_the_top_of_the_page_with_a_short_label(room):
    from coprod import timer

    workshop, sessions = room
    app = ParticipantApp(sessions["Uma"])
    assert app.widget.children[0] is app.clock
    assert "coprod-app-timer" in app.clock._dom_classes
    timer.start(sessions["Uma"].store, workshop, "reflecting", 5)
    app.refresh()
    assert app.clock.label == "Activity 10" and app.clock.ends_at > 0


def test_the_personal_link_is_kept_on_the_device_under_the_workshops_code_and_name(fresh_store, content):
    from coprod.app import participant_app
    from coprod.widgets import JoinForm, PersonalLink
    from tests.driving import send

    workshop, _ = fresh_store.create_workshop("Tuesday")
    page = participant_app(store=fresh_store, content=content, params={"code": workshop.code.lower()}, live=False)
    [form] = find(page, JoinForm)
    send(form, action="join", code=workshop.code, name="Ann")
    [link] = find(page, PersonalLink)
    assert (link.code, link.name) == (workshop.code, "Ann") and link.query.startswith("p=")


def test_a_rename_by_the_facilitator_is_what_the_join_page_offers_next(room):
    workshop, sessions = room
    app = ParticipantApp(sessions["Uma"], personal_query="p=abc")
    assert (app.link.code, app.link.name) == (workshop.code, "Uma")
    sessions["Uma"].store.rename_participant(sessions["Uma"].participant, "Uma B")
    app.refresh()
    assert app.link.name == "Uma B"


def test_revealed_evaluation_shows_participants_a_chart_between_its_heading_and_its_table(room, content):
    from coprod.moderation import set_revealed

    workshop, sessions = room
    evaluation = next(t for t in content.activity("evaluating").parts[0].tasks if t.type == "scale")
    for name, choice in (("Uma", 4), ("Vic", 3)):
        for statement in evaluation.statements:
            sessions[name].save("evaluating", evaluation.id, statement.id,
                                {"choice": choice, "label": evaluation.scale[choice]})
    app = ParticipantApp(sessions["Uma"])
    app.open("evaluating")
    set_revealed(sessions["Uma"].store, workshop, "evaluating", True)
    app.refresh()
    shown = app.results.value
    heading, chart, table = (shown.index("How the room rated"), shown.index("<figure class='coprod-chart"),
                             shown.index("The same figures as a table"))
    assert heading < chart < table
    figure = shown[chart:shown.index("</figure>", chart)]
    assert "role='img'" in figure and "I enjoyed the training session: 1 agree, 1 strongly agree" in figure
    assert "<svg" not in figure  # drawn in HTML: no matplotlib in a participant's kernel


def test_revealed_reflections_say_they_are_private_not_that_nothing_was_made(room):
    from coprod.moderation import set_revealed

    workshop, sessions = room
    sessions["Vic"].save("reflecting", "reflection", "r1/now-know", {"text": "It is about sharing power"})
    app = ParticipantApp(sessions["Uma"])
    app.open("reflecting")
    set_revealed(sessions["Uma"].store, workshop, "reflecting", True)
    app.refresh()
    assert "Nothing has been made" not in app.results.value
    assert "1 person has written here" in app.results.value
    assert "sharing power" not in app.results.value  # still only theirs and the facilitator's


def test_a_stackable_table_gives_every_cell_its_columns_name():
    from coprod.activities.page import stackable

    table = stackable("<table class='coprod-table'><caption>c</caption><thead><tr><th scope='col'>Card</th>"
                      "<th scope='col'>Agree</th><th scope='col'>Not sure</th></tr></thead><tbody>"
                      "<tr><th scope='row'>One</th><td>1</td><td style='background:#fff'>0</td></tr></tbody></table>")
    assert "class='coprod-table coprod-stack'" in table
    assert ("<th data-label=\"Card\" scope='row'>One</th><td data-label=\"Agree\">1</td>"
            "<td data-label=\"Not sure\" style='background:#fff'>0</td>") in table


def test_the_wide_tables_of_a_participants_page_stack_on_a_phone(room, content):
    _, sessions = room
    app = ParticipantApp(sessions["Uma"])
    app.open("defining-co-production")
    tables = [h.value for h in find(app.body, w.HTML) if "<table" in h.value]
    assert tables and all("coprod-stack" in t and "data-label=\"Disagree\"" in t for t in tables)


def test_controls_in_lists_and_problem_boxes_are_named_apart(room, content):
    from coprod.widgets import Picker, SharedList, TextEntry
    from tests.driving import send

    _, sessions = room
    app = ParticipantApp(sessions["Uma"])
    app.open("assets")  # Part two's gaps: two questions whose boxes both ask for "Your answer"
    answer_lists = [s for s in find(app.body, SharedList) if [f["label"] for f in s.fields] == ["Your answer"]]
    assert len(answer_lists) >= 2
    assert len({s.context for s in answer_lists}) == len(answer_lists) and all(s.context for s in answer_lists)
    app.open("warning-signs")
    [picker] = find(app.body, Picker)
    for option in picker.options[:2]:
        send(picker, action="pick", id=option["id"], picked=True)
    labels = [t.label for t in find(app.body, TextEntry)]
    assert len(labels) == 4 and len(set(labels)) == 4
    assert all(label.endswith(f"({picker.options[0]['text']})") for label in labels[:2])
