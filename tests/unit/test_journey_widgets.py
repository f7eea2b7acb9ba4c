"""The journey's widgets and builders, driven from Python as the browser drives them:
custom messages in, traits out; crafted values refused with nothing stored."""

from __future__ import annotations

import ipywidgets as w
import pytest

from coprod.console import Console
from coprod.moderation import set_revealed
from coprod.participant import NOTES, ParticipantApp
from coprod.session import Session
from coprod.widgets import Comfort, Nav, Notes, Scale, SharedList, TextEntry
from tests.driving import find, send


@pytest.fixture
def room(fresh_store, content):
    workshop, _ = fresh_store.create_workshop("Room")
    group = fresh_store.create_group(workshop, "Group 1")
    people = {name: fresh_store.assign_group(fresh_store.join(workshop, name)[0], group.id) for name in ("Uma", "Vic")}
    sessions = {name: Session(fresh_store, content, workshop, person) for name, person in people.items()}
    return workshop, sessions


def app_of(session):
    return ParticipantApp(session)


def test_group_list_is_shared_and_kept(room):
    _, sessions = room
    uma, vic = app_of(sessions["Uma"]), app_of(sessions["Vic"])
    uma.open("inclusive-language")
    vic.open("inclusive-language")
    uma_glossary = find(uma.body, SharedList)[0]
    send(uma_glossary, action="add", values={"term": "LOPF", "definition": "Leeds Older People's Forum"}, nonce=1)
    assert uma_glossary.status["kind"] == "saved"
    vic_glossary = find(vic.body, SharedList)[0]
    assert vic_glossary.value == []  # until the live feed says something changed
    vic.refresh()
    [entry] = vic_glossary.value
    assert entry["values"] == {"term": "LOPF", "definition": "Leeds Older People's Forum"} and entry["author"] == "Uma"
    send(vic_glossary, action="edit", id=entry["id"], values={"term": "LOPF", "definition": "Older people's forum"},
         base=entry["version"])
    send(vic_glossary, action="remove", id=entry["id"])
    assert vic_glossary.value == []
    history = [a.value for a in sessions["Uma"].store.history(sessions["Uma"].workshop.id, "inclusive-language")]
    assert [h.get("removed", False) for h in history] == [False, False, True]


@pytest.mark.parametrize(
    "message",
    [
        {"action": "add", "values": {"term": ""}, "nonce": 1},          # the main text is required
        {"action": "add", "values": "LOPF", "nonce": 1},                # wrong type
        {"action": "add", "values": {"term": "x" * 2_001}, "nonce": 1},  # oversized
        {"action": "edit", "id": "no-such-entry", "values": {"term": "x"}},
        {"action": "remove", "id": ["x"]},
        {"action": "add_example", "id": "no-such-example"},
    ],
)
def test_crafted_list_messages_store_nothing(room, message):
    _, sessions = room
    app = app_of(sessions["Uma"])
    app.open("inclusive-language")
    glossary = find(app.body, SharedList)[0]
    send(glossary, **message)
    stored = sessions["Uma"].store.history(sessions["Uma"].workshop.id, "inclusive-language")
    assert glossary.value == [] and stored == []


def test_examples_are_added_once_with_one_tap(room):
    _, sessions = room
    app = app_of(sessions["Uma"])
    app.open("identifying-stakeholders")
    [stakeholders] = find(app.body, SharedList)
    assert len(stakeholders.examples) == 12
    send(stakeholders, action="add_example", id="transport-companies")
    send(stakeholders, action="add_example", id="transport-companies")
    assert [e["values"]["text"] for e in stakeholders.value] == ["Transport companies (particularly bus companies)"]
    assert "already" in stakeholders.status["text"]
    assert [f["id"] for f in stakeholders.fields] == ["text", "why-involved", "what-they-bring"]


def test_a_group_text_written_at_once_keeps_both_writers_words(room):
    _, sessions = room
    uma, vic = app_of(sessions["Uma"]), app_of(sessions["Vic"])
    for app in (uma, vic):
        app.open("inclusive-language")
    uma_text = find(uma.body, TextEntry)[-1]
    vic_text = find(vic.body, TextEntry)[-1]
    assert uma_text.label.startswith("How can these ground rules be implemented?")
    send(uma_text, action="save", text="On the wall", base="", nonce=1)
    send(vic_text, action="save", text="Read aloud", base="", nonce=1)
    assert vic_text.value == "On the wall Read aloud" and vic_text.author == "Vic"
    assert vic_text.status["edits"] == [[0, 0, "On the wall "]]  # what the page folds into its box
    uma.refresh()
    assert uma_text.value == "On the wall Read aloud" and uma_text.author == "Vic"
    assert uma_text.typing["names"] == ["Vic"]
    send(uma_text, action="save", text="x" * 5_001, base=uma_text.value, nonce=2)
    assert uma_text.status["kind"] == "error" and uma_text.value == "On the wall Read aloud"


def test_scale_choices_are_validated_and_goals_shown(room):
    _, sessions = room
    app = app_of(sessions["Uma"])
    app.open("evaluating")
    [scale] = find(app.body, Scale)
    assert scale.labels == ["Strongly disagree", "Disagree", "Neither agree or disagree", "Agree", "Strongly agree"]
    assert "met-personal-goals" in scale.notes
    send(scale, action="choose", statement="enjoyed", choice=4)
    for bad in ({"statement": "enjoyed", "choice": 5}, {"statement": "enjoyed", "choice": -1},
                {"statement": "enjoyed", "choice": True}, {"statement": "enjoyed", "choice": "4"},
                {"statement": "nope", "choice": 1}):
        send(scale, action="choose", **bad)
    assert scale.value == {"enjoyed": 4}
    again = app_of(sessions["Uma"])
    again.open("evaluating")
    assert find(again.body, Scale)[0].value == {"enjoyed": 4}


def test_navigation_switches_inside_the_page_and_respects_locks(room):
    workshop, sessions = room
    app = app_of(sessions["Uma"])
    store = sessions["Uma"].store
    [nav] = find(app.widget, Nav)
    # The toolkit's twelve activities, the ladder (an extension, enabled in course.yaml) and My notes.
    assert [i["id"] for i in nav.items][-1] == NOTES and len(nav.items) == 14
    send(nav, action="open", id="planning")
    assert nav.value == "planning" and app.body.children[0] is app._built["planning"]
    first = app._built["planning"]
    send(nav, action="open", id="what-do-you-know")
    send(nav, action="open", id="planning")
    assert app.body.children[0] is first  # built once, kept
    store.set_setting(workshop, "locked", ["power"])
    app.refresh()
    assert next(i for i in nav.items if i["id"] == "power")["state"] == "locked"
    send(nav, action="open", id="power")
    assert nav.value == "planning" and "not opened" in nav.status["text"]
    send(nav, action="open", id="no-such-activity")
    assert nav.value == "planning"


def test_the_notice_of_an_activity_whose_title_is_a_question_ends_with_its_question_mark(room, content):
    workshop, sessions = room
    app = app_of(sessions["Uma"])
    console = Console(sessions["Uma"].store, content, workshop)
    console.open("plan")
    plan = console.panels["plan"]
    plan.current.value = "what-do-you-know"
    plan.bring.click()
    app.refresh()
    assert app.said.text == ("The facilitator brought everyone to 1. What do you know, and what do you want "
                             "to know, about co-production?")


def test_the_facilitator_brings_everyone_and_moves_people(room, content):
    workshop, sessions = room
    store = sessions["Uma"].store
    app = app_of(sessions["Uma"])
    console = Console(store, content, workshop)
    console.open("plan")
    plan = console.panels["plan"]
    plan.current.value = "warning-signs"
    plan.bring.click()
    app.refresh()
    assert app.current == "warning-signs" and "brought everyone" in app.said.text
    # Moving Uma to a new group rebuilds her group work for that group.
    console.open("room")
    console.people.add_group.click()
    new_group = store.groups(workshop)[-1]
    console.people._move(sessions["Uma"].participant.id, new_group.id)
    app.refresh()
    assert sessions["Uma"].participant.group_id == new_group.id
    assert "Group 2" in app.group_box.children[0].value


def test_the_group_panel_is_rewritten_in_place_when_the_room_changes(room):
    # Someone joining the group while Uma writes the scenario: the line saying who is in the
    # group changes, the panel's widgets stay the same ones (a new one made the page draw the
    # scenario's box again, taking the cursor and the answer to a save out of it).
    workshop, sessions = room
    store = sessions["Uma"].store
    app = app_of(sessions["Uma"])
    line, scenario = app.group_box.children
    assert "With Vic." in line.value
    newcomer, _ = store.join(workshop, "Wyn")
    store.assign_group(newcomer, store.groups(workshop)[0].id)
    app.refresh()
    assert app.group_box.children == (line, scenario)
    assert "With Vic, Wyn." in line.value


def test_a_move_committed_while_the_page_redraws_shows_at_the_next_redraw(fresh_store, content, monkeypatch):
    # The facilitator splits the room while this page is in the middle of a redraw: the move
    # lands between two of its reads. The page may show the old group for that redraw, but
    # the next one (the live feed's next look) must show the new group.
    workshop, _ = fresh_store.create_workshop("Room")
    ada, _ = fresh_store.join(workshop, "Ada")
    ben, _ = fresh_store.join(workshop, "Ben")
    app = ParticipantApp(Session(fresh_store, content, workshop, ada))
    group = fresh_store.create_group(workshop, "Group 1")
    fresh_store.assign_group(ben, group.id)
    groups = fresh_store.groups
    moved = []

    def groups_while_ada_moves(of):
        if not moved:
            moved.append(fresh_store.assign_group(ada, group.id))
        return groups(of)

    monkeypatch.setattr(fresh_store, "groups", groups_while_ada_moves)
    app.refresh()
    assert moved
    app.refresh()
    assert "Group 1" in app.group_box.children[0].value and "With Ben." in app.group_box.children[0].value


def test_group_picking_only_when_allowed(fresh_store, content):
    workshop, _ = fresh_store.create_workshop("Room")
    fresh_store.create_group(workshop, "Group 1")
    person, _ = fresh_store.join(workshop, "Ann")
    app = ParticipantApp(Session(fresh_store, content, workshop, person))
    assert "will put you in one" in app.group_box.children[0].value
    fresh_store.set_setting(workshop, "group_picking", True)
    app.refresh()  # the live feed's call: picking has opened
    [pick] = [b for b in find(app.group_box, type(app.group_box.children[0].children[1]))
              if getattr(b, "description", "").startswith("Join Group 1")]
    pick.click()
    assert fresh_store.participant(person.id).group_id is not None


def test_comfort_is_kept_and_checked(room):
    _, sessions = room
    app = app_of(sessions["Uma"])
    [comfort] = find(app.widget, Comfort)
    send(comfort, action="set", size="larger")
    send(comfort, action="set", contrast="high")
    send(comfort, action="set", size="<script>")
    assert (comfort.size, comfort.contrast) == ("larger", "high")
    again = find(app_of(sessions["Uma"]).widget, Comfort)[0]
    assert (again.size, again.contrast) == ("larger", "high")


def test_reflections_are_dated_and_earlier_ones_kept(room):
    _, sessions = room
    app = app_of(sessions["Uma"])
    app.open("reflecting")
    box = app._built["reflecting"].boxes["reflection"].children[-1]
    first = find(box, TextEntry)[0]
    send(first, action="save", text="It takes time", base=0, nonce=1)
    [again] = [b for b in box.children if getattr(b, "description", "") == "Start a new reflection"]
    again.click()
    assert "Reflection 2" in box.children[0].value
    assert "It takes time" in box.children[-1].value  # the earlier one, read-only
    assert find(box, TextEntry)[0].value == ""


def test_commitment_wall_and_contact(room):
    _, sessions = room
    uma, vic = app_of(sessions["Uma"]), app_of(sessions["Vic"])
    uma.open("planning")
    vic.open("planning")
    send(find(uma.body, TextEntry)[0], action="save", text="Start a lunch club", base=0, nonce=1)
    vic.refresh()
    wall = next(h for h in find(vic.body, w.HTML) if "coprod-wall" in h._dom_classes)
    assert "Start a lunch club" in wall.value and "Uma" in wall.value
    store = sessions["Uma"].store
    consent = next(c for c in find(uma.body, object) if type(c).__name__ == "Checkbox")
    email = next(c for c in find(uma.body, object) if type(c).__name__ == "Text")
    save = next(c for c in find(uma.body, object) if getattr(c, "description", "") == "Save my choice")
    consent.value, email.value = True, "not an address"
    save.click()
    assert store.contact(sessions["Uma"].participant) is None
    email.value = "uma@example.org"
    save.click()
    assert store.contact(sessions["Uma"].participant) == "uma@example.org"
    consent.value = False
    save.click()
    assert store.contact(sessions["Uma"].participant) is None


def test_partners_add_to_each_others_assets_with_their_name(room):
    _, sessions = room
    uma, vic = app_of(sessions["Uma"]), app_of(sessions["Vic"])
    uma.open("assets")
    vic.open("assets")
    partner_box = next(b for b in find(uma.body, object) if "coprod-partner" in getattr(b, "_dom_classes", ()))
    choice = next(c for c in find(partner_box, object) if type(c).__name__ == "Dropdown")
    assert [label for label, _ in choice.options] == ["(choose)", "Vic"]
    choice.value = sessions["Vic"].participant.id
    adding = find(partner_box, Notes)[0]
    send(adding, action="add", question="good-at", text="Listening to people", nonce=1)
    vic.refresh()
    vic_notes = find(vic.body, Notes)[0]
    [added] = [r for r in vic_notes.value if r["text"] == "Listening to people"]
    assert added["by"] == "Uma" and added["question"] == "good-at"
    # Vic's own answers are his: Uma's page lists only what she added.
    send(vic_notes, action="add", question="good-at", text="Cooking", nonce=2)
    adding._fresh()
    assert [r["text"] for r in adding.value] == ["Listening to people"]


def test_coming_back_opens_where_one_was_unless_the_facilitator_moved_on(room, content):
    workshop, sessions = room
    store = sessions["Uma"].store
    app = app_of(sessions["Uma"])
    app.open("power")
    assert app_of(sessions["Uma"]).current == "power"  # another device, same place
    plan = Console(store, content, workshop).panels["plan"]
    plan.draw(store.settings(workshop.id))
    plan.current.value = "reflecting"
    plan.bring.click()
    assert app_of(sessions["Uma"]).current == "reflecting"
    assert app_of(sessions["Vic"]).current == "reflecting"


def test_editing_an_entry_someone_changed_meanwhile_merges_both(room):
    _, sessions = room
    uma, vic = app_of(sessions["Uma"]), app_of(sessions["Vic"])
    for app in (uma, vic):
        app.open("inclusive-language")
    rules_uma = find(uma.body, SharedList)[-1]
    send(rules_uma, action="add", values={"text": "Be kind"}, nonce=1)
    vic.refresh()
    rules_vic = find(vic.body, SharedList)[-1]
    [entry] = rules_vic.value
    send(rules_uma, action="edit", id=entry["id"], values={"text": "Be kind and patient"}, base=entry["version"])
    send(rules_vic, action="edit", id=entry["id"], values={"text": "Be kind, always"}, base=entry["version"])
    assert rules_vic.status["kind"] == "saved" and "changes someone else made" in rules_vic.status["text"]
    texts = [a.value["values"]["text"] for a in sessions["Uma"].store.history(sessions["Uma"].workshop.id,
                                                                                 "inclusive-language")]
    assert texts == ["Be kind", "Be kind and patient", "Be kind and patient, always"]


def test_an_entry_edited_by_two_at_once_keeps_both_and_says_who_is_typing(room):
    """Two pages save the same entry as their people type, each from the texts its boxes were
    written from (list.js sends them): both people's words stay, each page is told the merged
    texts, and the other's page shows who changed the entry; an entry removed while someone
    edits it is put back by their save, with their words."""
    _, sessions = room
    uma, vic = app_of(sessions["Uma"]), app_of(sessions["Vic"])
    for app in (uma, vic):
        app.open("inclusive-language")
    rules_uma = find(uma.body, SharedList)[-1]
    send(rules_uma, action="add", values={"text": "Listen"}, nonce=1)
    vic.refresh()
    rules_vic = find(vic.body, SharedList)[-1]
    [entry] = rules_vic.value
    send(rules_uma, action="edit", id=entry["id"], values={"text": "Listen well"}, base_values={"text": "Listen"},
         nonce=2)
    assert rules_uma.status["values"] == {"text": "Listen well"} and rules_uma.status["id"] == entry["id"]
    send(rules_vic, action="edit", id=entry["id"], values={"text": "Always Listen"}, base_values={"text": "Listen"},
         nonce=3)
    assert rules_vic.status["kind"] == "saved" and rules_vic.status["nonce"] == 3
    assert rules_vic.status["values"] == {"text": "Always Listen well"}
    uma.refresh()
    assert rules_uma.value[0]["values"] == {"text": "Always Listen well"}
    assert rules_uma.typing["entries"] == {entry["id"]: ["Vic"]}
    assert "entries" not in rules_vic.typing  # one's own saves are nobody typing
    send(rules_uma, action="remove", id=entry["id"])
    send(rules_vic, action="edit", id=entry["id"], values={"text": "Always Listen well, kindly"},
         base_values={"text": "Always Listen well"}, nonce=4)
    assert rules_vic.status["kind"] == "saved"
    assert [e["values"]["text"] for e in rules_vic.value] == ["Always Listen well, kindly"]


def test_card_sort_partner_and_group_steps(room):
    _, sessions = room
    uma, vic = app_of(sessions["Uma"]), app_of(sessions["Vic"])
    for app in (uma, vic):
        app.open("defining-co-production")
    uma_sort = next(s for s in find(uma.body, Scale) if "coprod-card-sort" in s._dom_classes)
    vic_sort = next(s for s in find(vic.body, Scale) if "coprod-card-sort" in s._dom_classes)
    assert len(uma_sort.statements) == 14 and uma_sort.labels == ["Agree", "Not sure", "Disagree"]
    send(uma_sort, action="choose", statement="with-not-for", choice=0)
    send(uma_sort, action="choose", statement="service-users-decide", choice=2)
    send(vic_sort, action="choose", statement="with-not-for", choice=0)
    send(vic_sort, action="choose", statement="service-users-decide", choice=0)
    send(vic_sort, action="choose", statement="no-such-card", choice=0)
    piles = next(h for h in find(uma.body, object) if "coprod-piles" in getattr(h, "_dom_classes", ()))
    assert "2 of 14 cards sorted" in piles.value and "Disagree (1)" in piles.value
    partner = next(c for c in find(uma.body, object) if getattr(c, "description", "") == "Your partner")
    partner.value = sessions["Vic"].participant.id
    differences = next(h for h in find(uma.body, object) if "coprod-differences" in getattr(h, "_dom_classes", ()))
    assert "sorted differently (1)" in differences.value and "make all the key decisions" in differences.value
    uma.refresh()
    group = next(h for h in find(uma.body, object) if "coprod-group-sort" in getattr(h, "_dom_classes", ()))
    first_row = group.value.split("<tbody>")[1].split("</tr>")[0]
    assert "make all the key decisions" in first_row  # the contested card comes first
    pull = next(c for c in find(uma.body, object) if getattr(c, "description", "").startswith("Statement to add"))
    pull.value = "with-not-for"
    next(c for c in find(uma.body, object) if getattr(c, "description", "") == "Add it to our definition").click()
    definition = next(t for t in find(uma.body, TextEntry) if t.label == "Our definition of co-production is...")
    assert "doing things with people" in definition.value


def test_collective_assets_offer_members_answers_for_placement(room):
    _, sessions = room
    uma, vic = app_of(sessions["Uma"]), app_of(sessions["Vic"])
    vic.open("assets")
    own = find(vic.body, Notes)[0]
    send(own, action="add", question="good-at", text="Cooking for a crowd", nonce=1)
    uma.open("assets")
    boxes = [b for b in find(uma.body, SharedList) if b.title.startswith(("Knowledge", "Skills", "Experience",
                                                                            "Resources"))]
    assert [b.title.split(" – ")[0] for b in boxes] == ["Knowledge", "Skills", "Experience", "Resources"]
    skills = boxes[1]
    assert [e["text"] for e in skills.examples] == ["Cooking for a crowd"]
    assert "meeting facilitation" in skills.intro and "For example, in the research" in skills.intro
    send(skills, action="add_example", id=skills.examples[0]["id"])
    assert [e["values"]["text"] for e in skills.value] == ["Cooking for a crowd"]
    vic.refresh()
    vic_skills = next(b for b in find(vic.body, SharedList) if b.title.startswith("Skills"))
    assert [e["author"] for e in vic_skills.value] == ["Uma"]


def test_warning_signs_the_room_list_two_picks_and_the_board(room, content):
    from coprod.collate import activity_html
    from coprod.widgets import Picker

    workshop, sessions = room
    uma, vic = app_of(sessions["Uma"]), app_of(sessions["Vic"])
    for app in (uma, vic):
        app.open("warning-signs")
    [picker] = find(uma.body, Picker)
    assert len(picker.options) == 7 and picker.limit == 2
    room_list = next(s for s in find(vic.body, SharedList) if s.title.startswith("Our own examples"))
    send(room_list, action="add", values={"text": "Meetings are always at times carers cannot come"}, nonce=1)
    uma.refresh()
    assert picker.options[-1]["text"] == "Meetings are always at times carers cannot come"
    ids = [o["id"] for o in picker.options]
    send(picker, action="pick", id=ids[0], picked=True)
    send(picker, action="pick", id=ids[-1], picked=True)
    send(picker, action="pick", id=ids[3], picked=True)  # a third: refused
    assert picker.value == [ids[0], ids[-1]] and "Untick one" in picker.status["text"]
    send(picker, action="pick", id="no-such-problem", picked=True)
    send(picker, action="pick", id=ids[3], picked="yes")
    assert picker.value == [ids[0], ids[-1]]
    signs = next(t for t in find(uma.body, TextEntry)
                 if t.label.startswith("What are the warning signs of the problem arising ("))
    send(signs, action="save", text="Fewer people each week", base=0, nonce=1)
    vic.refresh()
    assert find(vic.body, Picker)[0].value == [ids[0], ids[-1]]  # the group's choice, seen by all
    board = activity_html(sessions["Uma"].store, content, workshop, "warning-signs")
    assert "Group 1" in board and "Fewer people each week" in board
    assert "Meetings are always at times carers cannot come" in board


def test_stakeholder_needs_row_given_filled_and_revealed(room, content):
    from coprod.tasks.grid.needs_builder import NeedsControls

    workshop, sessions = room
    store = sessions["Uma"].store
    activity = content.activity("stakeholder-needs")
    task = activity.parts[0].tasks[0]
    controls = NeedsControls(store, content, workshop, activity, task)
    controls.draw()
    uma = app_of(sessions["Uma"])
    uma.open("stakeholder-needs")
    assert any("will give your group a stakeholder" in h.value for h in find(uma.body, w.HTML))
    pick = next(c for c in find(controls.widget, object) if getattr(c, "description", "") == "Stakeholder for Group 1")
    assert "Paid staff" in [label for label, _ in pick.options]
    pick.value = "Paid staff"
    uma.refresh()
    entries = list(find(uma.body, TextEntry))
    assert [t.label for t in entries][-3:] == ["What might they need to be involved?", "What might the barriers be?",
                                               "How could you overcome these barriers?"]
    send(entries[-3], action="save", text="Time in their working day", base=0, nonce=1)
    assert "Time in their working day" not in uma.results.value  # hidden until the facilitator shows it
    set_revealed(store, workshop, "stakeholder-needs", True)
    uma.refresh()
    assert "Paid staff" in uma.results.value and "Time in their working day" in uma.results.value


def test_values_tree_roots_trunk_leaves_and_drawing(room):
    _, sessions = room
    uma, vic = app_of(sessions["Uma"]), app_of(sessions["Vic"])
    uma.open("values")
    [uma_values] = find(uma.body, Notes)
    send(uma_values, action="add", question="happy", text="Time with family", nonce=1)
    vic.open("values")
    send(find(vic.body, Notes)[0], action="add", question="angry", text="Unfairness <b>", nonce=1)
    uma.refresh()
    trunk = next(s for s in find(uma.body, SharedList) if s.title.startswith("The trunk"))
    send(trunk, action="add", values={"text": "Fairness"}, nonce=1)
    uma.refresh()
    menus = [c for c in find(uma.body, object) if "coprod-place" in getattr(c, "_dom_classes", ())]
    assert sorted(m.description for m in menus) == ["Time with family (Uma)", "Unfairness <b> (Vic)"]
    unfair = next(m for m in menus if m.description.startswith("Unfairness"))
    unfair.value = dict(unfair.options)["Fairness"]
    leaves = next(s for s in find(uma.body, SharedList) if s.title.startswith("The leaves"))
    assert [e["text"] for e in leaves.examples] == ["Fairness"]
    send(leaves, action="add_example", id=leaves.examples[0]["id"])
    drawing = next(h for h in find(uma.body, object) if "coprod-tree" in getattr(h, "_dom_classes", ()))
    assert "<svg" in drawing.value and "Fairness (1)" in drawing.value
    assert "Unfairness &lt;b&gt;" in drawing.value and "<b>" not in drawing.value.replace("&lt;b&gt;", "")
    assert "download='values-tree.svg'" in drawing.value and "Unfairness &lt;b&gt; (Fairness)" in drawing.value


def test_power_scenario_ratings_heatmap_and_discussion(room):
    from coprod.widgets import Matrix

    _, sessions = room
    uma, vic = app_of(sessions["Uma"]), app_of(sessions["Vic"])
    uma.open("power")
    vic.open("power")
    choice = next(s for s in find(uma.body, Scale) if s.statements[0]["id"] == "scenario")
    assert choice.labels == ["Example One: Recruiting Staff", "Example Two: Running a campaign",
                             "Example Three: Dealing with a complaint"]
    send(choice, action="choose", statement="scenario", choice=1)
    matrices = find(uma.body, Matrix)
    assert [m.caption for m in matrices] == ["Decision: Campaign branding", "Decision: Target audience",
                                             "Decision: How to spend the money"]
    send(matrices[0], action="rate", row="funders", column="now", choice=3)
    send(matrices[0], action="rate", row="funders", column="should", choice=1)
    send(matrices[0], action="rate", row="service-users", column="now", choice=0)
    send(matrices[0], action="rate", row="service-users", column="should", choice=3)
    for bad in ({"row": "funders", "column": "now", "choice": 4}, {"row": "kings", "column": "now", "choice": 1},
                {"row": "funders", "column": "later", "choice": 1}, {"row": "funders", "column": "now", "choice": "3"}):
        send(matrices[0], action="rate", **bad)
    assert matrices[0].value == {"funders": {"now": 3, "should": 1}, "service-users": {"now": 0, "should": 3}}
    vic.refresh()
    heat = next(h for h in find(vic.body, object) if "coprod-heatmaps" in getattr(h, "_dom_classes", ()))
    assert "↓ 2 less" in heat.value and "↑ 3 more" in heat.value and "Campaign branding" in heat.value
    assert find(vic.body, Matrix)[0].value["funders"] == {"now": 3, "should": 1}
    picker = next(c for c in find(vic.body, object) if getattr(c, "description", "") == "Stakeholder group to discuss")
    picker.value = "volunteers"
    labels = [t.label for t in find(vic.body, TextEntry)]
    assert "What knowledge do different groups have? (Funders, managers, paid staff, service users, volunteers " \
           "and community members) (Volunteers)" in labels


def test_moving_group_closes_the_old_group_work_and_partner_access(room):
    from coprod.widgets import Notes as NotesWidget

    workshop, sessions = room
    store = sessions["Uma"].store
    uma = app_of(sessions["Uma"])
    uma.open("assets")
    partner_box = next(b for b in find(uma.body, object) if "coprod-partner" in getattr(b, "_dom_classes", ()))
    choice = next(c for c in find(partner_box, object) if type(c).__name__ == "Dropdown")
    choice.value = sessions["Vic"].participant.id
    adding = find(partner_box, NotesWidget)[0]
    store.assign_group(sessions["Vic"].participant, store.create_group(workshop, "Group 2").id)
    send(adding, action="add", question="good-at", text="Written after Vic left", nonce=1)
    assert adding.status["kind"] == "error"  # no longer a partner: nothing written into Vic's answers
    vic_answers = store.current(workshop.id, "assets", "what-do-i-bring", scope="participant",
                                owner_id=sessions["Vic"].participant.id)
    assert vic_answers == []
    store.assign_group(sessions["Uma"].participant, store.groups(workshop)[-1].id)
    uma.refresh()
    assert adding.comm is None  # the old group's widgets are closed


def test_a_pick_removed_from_the_room_list_can_still_be_unpicked(room):
    from coprod.widgets import Picker

    _, sessions = room
    uma = app_of(sessions["Uma"])
    uma.open("warning-signs")
    room_list = next(s for s in find(uma.body, SharedList) if s.title.startswith("Our own examples"))
    send(room_list, action="add", values={"text": "Nobody reads the minutes"}, nonce=1)
    uma.refresh()
    [picker] = find(uma.body, Picker)
    added = picker.options[-1]["id"]
    send(picker, action="pick", id=added, picked=True)
    send(room_list, action="remove", id=room_list.value[0]["id"])
    uma.refresh()
    assert added not in {o["id"] for o in picker.options} and picker.value == [added]
    send(picker, action="pick", id=added, picked=False)
    assert picker.value == []
    send(picker, action="pick", id=added, picked=True)  # but it cannot be picked again
    assert picker.value == []


def test_a_renamed_person_sees_their_new_name_and_a_removed_one_can_do_nothing_more(room):
    workshop, sessions = room
    app = app_of(sessions["Uma"])
    store = sessions["Uma"].store
    store.rename_participant(sessions["Uma"].participant, "Uma B.")
    app.refresh()
    assert "Uma B." in app.who.value
    [nav] = find(app.widget, Nav)
    store.remove_participant(sessions["Uma"].participant)
    app.refresh()
    assert "no longer in this workshop" in app.widget.children[0].value
    before = len(store.history(workshop.id))
    send(nav, action="open", id="reflecting")  # a page left open: its widgets are closed
    assert nav.comm is None and "reflecting" not in app._built
    assert len(store.history(workshop.id)) == before
