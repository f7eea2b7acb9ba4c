"""The demo workshop: every activity filled through the real builders, the same answers for the
same seed, plausible figures, clearly synthetic; and `coprod demo`."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from coprod import analysis
from coprod.cli import cli
from coprod.collate import activity_html
from coprod.content import ContactTask
from coprod.demo import DEFAULT_NAME, DEFAULT_SEED, MAX_GROUPS, MAX_PEOPLE_PER_GROUP, is_synthetic, make_demo
from coprod.exports import answers_frame
from coprod.store import Store
from coprod.tasks.scale.collation import evaluation_summary

GROUPS, PEOPLE = 2, 4
RANDOM_ID = re.compile(r"\b[0-9a-f]{12}\b")  # the ids widgets give new notes and list entries


@pytest.fixture(scope="module")
def demo(content):
    store = Store.memory()
    workshop = make_demo(store, content, seed=7, groups=GROUPS, people_per_group=PEOPLE)
    yield store, workshop
    store.dispose()


def canonical(store, content, workshop) -> list[tuple]:
    """Every answer without what differs between two runs of the same seed: the times, and the
    random ids of notes and entries (numbered in the order they first appear instead)."""
    frame = answers_frame(store, content, workshop)
    seen: dict[str, str] = {}

    def stable(text):
        if not isinstance(text, str):
            return text
        return RANDOM_ID.sub(lambda m: seen.setdefault(m.group(0), f"<id {len(seen)}>"), text)

    return [tuple(stable(row[c]) for c in ("group", "participant", "activity", "task", "item", "value", "scope"))
            for _, row in frame.iterrows()]


@pytest.mark.slow
def test_the_same_seed_gives_the_same_answers(demo, content):
    store, workshop = demo
    again = Store.memory()
    try:
        twin = make_demo(again, content, seed=7, groups=GROUPS, people_per_group=PEOPLE)
        assert canonical(again, content, twin) == canonical(store, content, workshop)
        assert [c.email for c in again.contacts(twin)] == [c.email for c in store.contacts(workshop)]
        other = make_demo(again, content, seed=8, groups=GROUPS, people_per_group=PEOPLE)
        assert canonical(again, content, other) != canonical(store, content, workshop)
    finally:
        again.dispose()


def test_every_activity_and_task_has_answers(demo, content):
    store, workshop = demo
    frame = answers_frame(store, content, workshop)
    answered = set(zip(frame["activity"], frame["task"], strict=True))
    for activity in content.activities:
        for part in activity.parts:
            for task in part.tasks:
                if isinstance(task, ContactTask):  # kept apart from the answers
                    assert store.contacts(workshop), activity.id
                else:
                    assert (activity.id, task.id) in answered, (activity.id, task.id)
    assert all(c.email.endswith("@example.org") for c in store.contacts(workshop))
    groups = store.groups(workshop)
    people = store.participants(workshop)
    assert [g.name for g in groups] == ["Group 1", "Group 2"] and len(people) == GROUPS * PEOPLE
    assert all(sum(p.group_id == g.id for p in people) == PEOPLE for g in groups)
    assert len({p.display_name for p in people}) == len(people)
    writers = frame[frame["scope"] == "group"].groupby("group")["participant"].nunique()
    assert (writers > 1).all()  # group work is shared out, not all written by one person


def test_the_boards_and_exports_read_it_as_a_real_workshop(demo, content):
    store, workshop = demo
    for activity in content.activities:
        page = activity_html(store, content, workshop, activity)
        assert "Nothing has been made in this activity yet" not in page, activity.id
        if activity.id != "evaluating":  # the questionnaire is one chart of the whole room
            assert all(g.name in page for g in store.groups(workshop)), activity.id
    assert "<svg" in activity_html(store, content, workshop, "values")
    assert "Power now and as it should be" in activity_html(store, content, workshop, "power")
    assert evaluation_summary(store, content, workshop).respondents >= GROUPS * PEOPLE - 2
    frame = analysis.answers(store, content, workshop, anonymised=True)
    assert not frame.empty and set(frame["participant"]) <= {f"P{n:02d}" for n in range(1, GROUPS * PEOPLE + 1)}


def test_the_answers_are_plausible(demo, content):
    store, workshop = demo
    room = (store, content, workshop)
    sorts = analysis.card_sort_agreement(*room)
    everyone = sorts[sorts["overall"]]
    piles_used = everyone[everyone["count"] > 0].groupby("statement_id").size()
    assert (piles_used >= 2).any()  # the room disagrees about some statements
    agree = everyone[everyone["pile"] == "Agree"].set_index("statement_id")["proportion"]
    assert agree["with-not-for"] > agree["service-design-only"]
    shift = analysis.power_shift(*room).groupby("stakeholder_id")["shift"].mean()
    assert shift["service-users"] > 0 > shift["funders"]
    means = analysis.evaluation_means(*room)
    assert means["mean"].mean() > 3  # skewed positive
    sorted_cells = everyone.groupby("statement_id")["sorted_by"].first().sum()
    rated = analysis.evaluation(*room).groupby("statement_id")["answered"].first().sum()
    statements = len(content.activity("evaluating").parts[0].tasks[0].statements)
    assert sorted_cells < GROUPS * PEOPLE * 14 or rated < GROUPS * PEOPLE * statements  # some skip things


def test_it_says_it_is_synthetic(demo, content):
    store, workshop = demo
    assert workshop.name == DEFAULT_NAME and "synthetic" in workshop.name
    assert is_synthetic(store, workshop) and store.settings(workshop.id)["synthetic"] is True
    fresh = Store.memory()
    try:
        named = make_demo(fresh, content, groups=1, people_per_group=1, name="Rehearsal, Leeds")
        assert named.name == "Rehearsal, Leeds (synthetic data)" and is_synthetic(fresh, named)
        real, _ = fresh.create_workshop("Real")
        assert not is_synthetic(fresh, real)
    finally:
        fresh.dispose()


@pytest.mark.parametrize("kwargs", [{"groups": 0}, {"groups": 21}, {"people_per_group": 0},
                                    {"people_per_group": 13}])
def test_sizes_out_of_range_are_refused(fresh_store, content, kwargs):
    with pytest.raises(ValueError, match="between 1 and"):
        make_demo(fresh_store, content, **kwargs)
    assert fresh_store.all_workshops() == []


@pytest.mark.slow
def test_the_demo_command(tmp_path, content):
    database = tmp_path / "demo.sqlite3"
    result = CliRunner().invoke(cli, ["demo", "--database", str(database), "--groups", "1", "--people", "2",
                                      "--seed", "3"])
    assert result.exit_code == 0, result.output
    store = Store(str(database))
    try:
        [workshop] = store.all_workshops()
        assert is_synthetic(store, workshop) and len(store.participants(workshop)) == 2
        assert f"Workshop: {workshop.name}" in result.output and f"Join code: {workshop.code}" in result.output
        assert f"coprod serve --workshop {workshop.code} --database {database}" in result.output
        assert "facilitator.ipynb" in result.output
    finally:
        store.dispose()
    refused = CliRunner().invoke(cli, ["demo", "--database", str(database), "--groups", "0"])
    assert refused.exit_code != 0 and "--groups" in refused.output


def test_the_commands_limits_are_the_packages():
    options = {p.name: p for p in cli.commands["demo"].params}
    assert (options["groups"].type.max, options["people_per_group"].type.max) == (MAX_GROUPS, MAX_PEOPLE_PER_GROUP)
    assert options["seed"].default == DEFAULT_SEED


def test_some_who_agreed_to_be_contacted_answer_the_followup(demo, content):
    from coprod.analysis import followup_answers, followup_change

    store, workshop = demo
    answers = followup_answers(store, content, workshop)
    assert not answers.empty
    consenting = {p.display_name for p in store.participants(workshop) if store.contact(p)}
    assert set(answers["participant"]) <= consenting
    assert not followup_change(store, content, workshop).empty
