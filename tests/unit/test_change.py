"""Change over time (coprod.analysis.change), checked against figures worked out by hand on a
small workshop: three people, their Activity 1 notes, Activity 10 reflections, Activity 11
answers on the day and the follow-up's months later."""

from __future__ import annotations

import pandas as pd
import pytest

from coprod.analysis import (
    across_workshops,
    followup_answers,
    followup_change,
    followup_summary,
    knowledge_change,
    knowledge_summary,
    summarise_change,
    summarise_knowledge,
)
from coprod.exports import answers_frame


def note(store, person, question, text, item):
    store.save(person, "what-do-you-know", "know-questions", item, {"question": question, "text": text})


def day(store, person, statement, code):
    store.save(person, "evaluating", "evaluation-statements", statement, {"choice": code - 1})


def later(store, person, statement, code):
    store.save(person, "followup", "followup-statements", statement, {"choice": code - 1})


@pytest.fixture
def room(fresh_store):
    """Ann: confident 2 -> 4 (+2), know-more 4 -> 4 (0). Bo: confident 3 -> 2 (-1), know-more not
    answered on the day -> 5. Cy: answered on the day only (no follow-up)."""
    store = fresh_store
    workshop, _ = store.create_workshop("Leeds")
    ann, bo, cy = (store.join(workshop, name)[0] for name in ("Ann", "Bo", "Cy"))
    note(store, ann, "already-know", "It means sharing power", "n1")
    note(store, ann, "already-know", "Ann's second note", "n2")
    note(store, ann, "want-to-know", "How to start", "n3")
    store.save(ann, "what-do-you-know", "know-questions", "n4",
               {"question": "want-to-know", "text": "removed note", "removed": True})
    store.save(ann, "reflecting", "reflection", "r1/now-know", {"text": "That it takes time"})
    store.save(ann, "reflecting", "reflection", "r2/now-know", {"text": "Who to ask"})
    day(store, ann, "confident", 2), day(store, ann, "know-more", 4)
    day(store, bo, "confident", 3)
    day(store, cy, "confident", 5)
    later(store, ann, "confident", 4), later(store, ann, "know-more", 4)
    later(store, bo, "confident", 2), later(store, bo, "know-more", 5)
    store.save(bo, "followup", "followup-questions", "used-training", {"text": "Bo ran a session with Ann"})
    store.save(ann, "followup", "followup-commitment", "kept", {"choice": 2})
    return store, workshop


def test_knowledge_change_puts_each_persons_start_beside_their_end(room, content):
    store, workshop = room
    frame = knowledge_change(store, content, workshop)
    ann = frame.set_index("participant").loc["Ann"]
    assert (ann.already_know_notes, ann.want_to_know_notes, ann.reflections) == (2, 1, 2)
    assert ann.already_know == "It means sharing power\nAnn's second note"
    assert ann.want_to_know == "How to start"  # the removed note is not counted
    assert ann.now_know == "That it takes time\nWho to ask"
    assert frame["participant"].tolist() == ["Ann", "Bo", "Cy"]
    assert frame.set_index("participant").loc["Cy"].already_know_notes == 0


def test_followup_change_by_hand(room, content):
    store, workshop = room
    frame = followup_change(store, content, workshop)
    got = {(r.participant, r.statement_id): (r.on_the_day_code, r.months_later_code, r.change)
           for r in frame.itertuples()}
    assert got == {("Ann", "confident"): (2, 4, 2), ("Ann", "know-more"): (4, 4, 0),
                   ("Bo", "confident"): (3, 2, -1), ("Bo", "know-more"): (pd.NA, 5, pd.NA)}
    assert frame.loc[0, "on_the_day"] == "Disagree" and frame.loc[0, "months_later"] == "Agree"


def test_followup_summary_by_hand(room, content):
    store, workshop = room
    summary = followup_summary(store, content, workshop).set_index("statement_id")
    # confident: Ann 2 -> 4, Bo 3 -> 2: day mean 2.5, later 3.0, change (2 - 1) / 2 = 0.5; one up, one down.
    assert summary.loc["confident", "paired"] == 2
    assert summary.loc["confident", ["mean_on_the_day", "mean_months_later", "mean_change"]].tolist() == [2.5, 3.0,
                                                                                                         0.5]
    assert summary.loc["confident", ["up", "same", "down"]].tolist() == [1, 0, 1]
    # know-more: only Ann is paired (Bo did not answer it on the day): 4 -> 4.
    assert summary.loc["know-more", "paired"] == 1 and summary.loc["know-more", "mean_change"] == 0.0


def test_followup_answers_and_their_anonymised_form(room, content):
    store, workshop = room
    frame = followup_answers(store, content, workshop)
    assert len(frame) == 6  # Ann: kept + 2 statements; Bo: 1 text + 2 statements
    kept = frame[frame["item"] == "kept"].iloc[0]
    assert (kept.participant, kept.answer, kept.code) == ("Ann", "Yes, I have done it", 3)
    anonymous = followup_answers(store, content, workshop, anonymised=True)
    assert set(anonymous["participant"]) == {"P01", "P02"}
    text = anonymous[anonymous["item"] == "used-training"].iloc[0].answer
    assert "Ann" not in text and "Bo" not in text


def test_exports_carry_the_followup_answers_anonymised_too(room, content):
    store, workshop = room
    frame = answers_frame(store, content, workshop)
    assert "Bo ran a session with Ann" in frame[frame["activity"] == "followup"]["value"].tolist()
    anonymous = answers_frame(store, content, workshop, anonymised=True)
    followup = anonymous[anonymous["activity"] == "followup"]
    assert len(followup) == len(frame[frame["activity"] == "followup"])
    assert not followup["value"].astype(str).str.contains("Ann|Bo").any()


def test_across_workshops_in_one_frame(room, content):
    store, _ = room
    second, _ = store.create_workshop("Sheffield")
    dee = store.join(second, "Dee")[0]
    day(store, dee, "confident", 1)
    later(store, dee, "confident", 3)
    both = across_workshops(followup_change, store, content)
    assert both["workshop"].tolist() == ["Leeds"] * 4 + ["Sheffield"]
    assert across_workshops(followup_change, store, content, ["Sheffield"])["change"].tolist() == [2]
    # Pooled: confident is Ann +2, Bo -1, Dee +2: mean change 1.0.
    assert summarise_change(both).set_index("statement_id").loc["confident", "mean_change"] == 1.0
    with pytest.raises(ValueError, match="no workshop is named 'Nowhere'"):
        across_workshops(followup_change, store, content, ["Nowhere"])


def test_a_course_without_a_followup_gives_empty_frames(room, content):
    store, workshop = room
    bare = type(content)(content.course, content.activities, content.extensions, None)
    assert followup_change(store, bare, workshop).empty
    assert followup_answers(store, bare, workshop).empty


def test_the_report_gains_months_later_with_private_answers_for_the_facilitator_only(room, content):
    from coprod.report import report_body

    store, workshop = room
    full = report_body(store, content, workshop, audience="facilitator")
    shared = report_body(store, content, workshop, audience="room")
    for body in (full, shared):
        assert "<h2>Months later</h2>" in body
        assert "2 people answered the follow-up questionnaire" in body
    assert "Bo ran a session with Ann" in full and "Private" in full.split("Months later", 1)[1]
    assert "Bo ran a session with Ann" not in shared


def test_no_months_later_before_anyone_answers(fresh_store, content):
    from coprod.report import report_body

    workshop, _ = fresh_store.create_workshop("Quiet")
    fresh_store.join(workshop, "Ann")
    assert "Months later" not in report_body(fresh_store, content, workshop)


def test_a_data_access_export_holds_the_persons_followup_answers(room, content):
    from coprod.exports.frames import participant_frame

    store, workshop = room
    bo = next(p for p in store.participants(workshop) if p.display_name == "Bo")
    frame = participant_frame(store, content, bo)
    assert "Bo ran a session with Ann" in frame[frame["activity"] == "followup"]["value"].tolist()


def test_knowledge_summary_by_hand(room, content):
    store, workshop = room
    [row] = knowledge_summary(store, content, workshop).itertuples()
    # Ann wrote 2 already-know notes, 1 want-to-know and 2 reflections; Bo and Cy wrote nothing.
    assert (row.people, row.wrote_already_know, row.wrote_want_to_know, row.wrote_now_know, row.start_and_end) \
        == (3, 1, 1, 1, 1)
    assert row.mean_already_know_notes == pytest.approx(2 / 3) and row.mean_want_to_know_notes == pytest.approx(1 / 3)
    second, _ = store.create_workshop("Sheffield")
    store.join(second, "Dee")
    pooled = summarise_knowledge(across_workshops(knowledge_change, store, content))
    assert pooled["workshop"].tolist() == ["Leeds", "Sheffield"] and pooled["people"].tolist() == [3, 1]
