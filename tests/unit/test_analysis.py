"""coprod.analysis: tidy frames from small, hand-made workshops whose figures are worked out
by hand below, and the agreement statistics against published worked examples."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from coprod import analysis
from coprod.analysis.statistics import fleiss, krippendorff
from coprod.exports import answers_frame

CARDS = ("defining-co-production", "statement-cards")
# Three of the fourteen cards are sorted (0 Agree, 1 Not sure, 2 Disagree); Dan skips equal-say,
# Eve (in no group) sorts one card only.
SORTS = {
    "Ann": {"with-not-for": 0, "service-users-decide": 0, "equal-say": 0},
    "Ben": {"with-not-for": 0, "service-users-decide": 2, "equal-say": 0},
    "Cat": {"with-not-for": 0, "service-users-decide": 1, "equal-say": 2},
    "Dan": {"with-not-for": 0, "service-users-decide": 0},
    "Eve": {"with-not-for": 1},
}


@pytest.fixture
def room(fresh_store, content):
    store = fresh_store
    workshop, _ = store.create_workshop("Analysis")
    people = {}
    for group_name, names in (("Robins", ("Ann", "Ben")), ("Wrens", ("Cat", "Dan"))):
        group = store.create_group(workshop, group_name)
        for name in names:
            people[name] = store.assign_group(store.join(workshop, name)[0], group.id)
    people["Eve"] = store.join(workshop, "Eve")[0]
    piles = content.activity(CARDS[0]).parts[0].tasks[0].piles
    store.save(people["Ann"], *CARDS, "service-users-decide", {"choice": 2, "pile": piles[2]})  # changed below
    for name, sorts in SORTS.items():
        for card, choice in sorts.items():
            store.save(people[name], *CARDS, card, {"choice": choice, "pile": piles[choice]})
    # Not a pile: a crafted or broken value is no sort at all.
    store.save(people["Dan"], *CARDS, "wide-range", {"choice": True})
    store.save(people["Dan"], *CARDS, "every-stage", {"choice": 7})
    return store, content, workshop, people


def test_answers_is_the_exports_frame(room):
    store, content, workshop, _ = room
    pd.testing.assert_frame_equal(analysis.answers(store, content, workshop),
                                  answers_frame(store, content, workshop))
    assert set(analysis.answers(store, content, workshop, anonymised=True)["participant"]) == {
        "P01", "P02", "P03", "P04", "P05"}


def test_card_sort_agreement_counts_and_proportions(room):
    store, content, workshop, _ = room
    frame = analysis.card_sort_agreement(store, content, workshop)
    assert list(frame["group"].unique()) == ["Everyone", "Robins", "Wrens", "Not in a group"]
    assert len(frame) == 4 * 14 * 3  # every section, statement and pile
    assert frame.loc[frame["group"] == "Everyone", "overall"].all() and not frame.loc[frame["group"] != "Everyone",
                                                                                      "overall"].any()

    def row(group, card):
        rows = frame[(frame["group"] == group) & (frame["statement_id"] == card)]
        return list(rows["count"]), int(rows["sorted_by"].iloc[0]), list(rows["proportion"])

    assert row("Everyone", "with-not-for") == ([4, 1, 0], 5, [0.8, 0.2, 0.0])
    assert row("Everyone", "service-users-decide") == ([2, 1, 1], 4, [0.5, 0.25, 0.25])  # Ann's newest pile counts
    assert row("Everyone", "equal-say")[:2] == ([2, 0, 1], 3)
    assert row("Robins", "service-users-decide") == ([1, 0, 1], 2, [0.5, 0.0, 0.5])
    assert row("Wrens", "equal-say") == ([0, 0, 1], 1, [0.0, 0.0, 1.0])
    assert row("Not in a group", "with-not-for") == ([0, 1, 0], 1, [0.0, 1.0, 0.0])
    counts, sorted_by, shares = row("Everyone", "wide-range")  # only Dan's crafted value: nobody sorted it
    assert counts == [0, 0, 0] and sorted_by == 0 and all(math.isnan(s) for s in shares)
    assert list(frame.loc[:2, "pile"]) == ["Agree", "Not sure", "Disagree"]


def _entropy(*counts):
    total = sum(counts)
    return -sum(n / total * math.log(n / total) for n in counts if n) / math.log(3)


def test_most_contested_ranks_by_normalised_entropy(room):
    store, content, workshop, _ = room
    top = analysis.most_contested(store, content, workshop, n=5)
    # Only three statements were sorted: (2, 1, 1) of 4, (2, 0, 1) of 3, (4, 1, 0) of 5.
    assert list(top["statement_id"]) == ["service-users-decide", "equal-say", "with-not-for"]
    assert list(top["rank"]) == [1, 2, 3]
    assert top["entropy"].tolist() == pytest.approx([_entropy(2, 1, 1), _entropy(2, 0, 1), _entropy(4, 1, 0)])
    assert top["entropy"].iloc[0] == pytest.approx(0.9464, abs=1e-4)
    assert top["variation_ratio"].tolist() == pytest.approx([0.5, 1 / 3, 0.2])
    assert top.loc[0, ["Agree", "Not sure", "Disagree"]].tolist() == [0.5, 0.25, 0.25]
    assert list(analysis.most_contested(store, content, workshop, n=1)["statement_id"]) == ["service-users-decide"]


def test_pairwise_agreement_over_the_statements_both_sorted(room):
    store, content, workshop, _ = room
    pairs = analysis.pairwise_agreement(store, content, workshop)
    assert len(pairs) == 10  # five people, each pair once
    got = {(r.participant_a, r.participant_b): (r.both_sorted, r.same_pile, r.agreement)
           for r in pairs.itertuples()}
    assert got[("Ann", "Ben")] == (3, 2, pytest.approx(2 / 3))
    assert got[("Ann", "Cat")] == (3, 1, pytest.approx(1 / 3))
    assert got[("Ann", "Dan")] == (2, 2, 1.0)
    assert got[("Ann", "Eve")] == (1, 0, 0.0)
    assert got[("Ben", "Dan")] == (2, 1, 0.5)
    robins = pairs[(pairs["participant_a"] == "Ann") & (pairs["participant_b"] == "Ben")].iloc[0]
    assert robins["same_group"] and robins["group_a"] == "Robins"
    assert not pairs[(pairs["participant_a"] == "Ann") & (pairs["participant_b"] == "Cat")]["same_group"].iloc[0]
    square = analysis.pairwise_agreement(store, content, workshop, square=True)
    assert list(square.index) == list(square.columns) == ["Ann", "Ben", "Cat", "Dan", "Eve"]
    assert square.loc["Ann", "Ann"] == 1.0 and square.loc["Cat", "Ann"] == pytest.approx(1 / 3)
    assert (square.fillna(-1) == square.T.fillna(-1)).all().all()
    anonymous = analysis.pairwise_agreement(store, content, workshop, anonymised=True)
    assert set(anonymous["participant_a"]) | set(anonymous["participant_b"]) == {"P01", "P02", "P03", "P04", "P05"}


def test_inter_rater_matches_a_hand_computation_with_missing_ratings(room):
    store, content, workshop, _ = room
    result = analysis.inter_rater(store, content, workshop)
    frame = result.frame()
    overall = frame.iloc[0]
    assert overall["group"] == "Everyone" and overall["overall"]
    assert (overall["raters"], overall["statements"], overall["ratings"], overall["missing"]) == (5, 3, 12, 5 * 14 - 12)
    # Fleiss, each statement over those who sorted it: P_i = 12/20, 2/12, 2/6; pile shares 8/12, 2/12, 2/12.
    assert overall["observed_agreement"] == pytest.approx((12 / 20 + 2 / 12 + 2 / 6) / 3)
    assert overall["expected_agreement"] == pytest.approx(0.5)
    assert overall["fleiss_kappa"] == pytest.approx(-4 / 15)
    # Krippendorff: n = 12, margins 8, 2, 2; disagreeing coincidences 22/3; alpha = 1 - 11 * (22/3) / 72.
    assert overall["krippendorff_alpha"] == pytest.approx(1 - 11 * (22 / 3) / 72)
    robins = frame[frame["group"] == "Robins"].iloc[0]
    assert robins["raters"] == 2 and robins["fleiss_kappa"] == pytest.approx(-0.2)
    assert list(frame["group"]) == ["Everyone", "Robins", "Wrens"]  # Eve alone is no pair of raters
    assert "5 people sorted 14 statements" in result.caveat and "small numbers" in result.caveat
    assert result.caveat in result._repr_html_().replace("&#x27;", "'") and "Everyone" in repr(result)


def test_a_workshop_without_sorts_gives_empty_frames_and_says_why(fresh_store, content):
    workshop, _ = fresh_store.create_workshop("Empty")
    room = (fresh_store, content, workshop)
    assert analysis.card_sort_agreement(*room)["sorted_by"].eq(0).all()
    assert analysis.most_contested(*room).empty and analysis.pairwise_agreement(*room).empty
    result = analysis.inter_rater(*room)
    assert math.isnan(result.overall["fleiss_kappa"]) and math.isnan(result.overall["krippendorff_alpha"])
    assert "needs at least two people" in result.caveat
    assert analysis.power_shift(*room).empty and analysis.evaluation_means(*room)["answered"].eq(0).all()


def test_evaluation_counts_and_means_on_a_1_to_5_coding(room):
    store, content, workshop, people = room
    statements = content.activity("evaluating").parts[0].tasks[0]
    for name, enjoyed, confident in (("Ann", 4, 3), ("Ben", 2, 3), ("Cat", 0, None)):
        store.save(people[name], "evaluating", statements.id, "enjoyed", {"choice": enjoyed, "label": "x"})
        if confident is not None:
            store.save(people[name], "evaluating", statements.id, "confident", {"choice": confident, "label": "x"})
    long = analysis.evaluation(store, content, workshop)
    enjoyed = long[long["statement_id"] == "enjoyed"]
    assert list(enjoyed["code"]) == [1, 2, 3, 4, 5] and list(enjoyed["count"]) == [1, 0, 1, 0, 1]
    assert enjoyed["answered"].eq(3).all() and enjoyed["proportion"].tolist() == pytest.approx([1 / 3, 0, 1 / 3, 0,
                                                                                                 1 / 3])
    assert enjoyed["answer"].iloc[-1] == "Strongly agree"
    means = analysis.evaluation_means(store, content, workshop).set_index("statement_id")
    assert means.loc["enjoyed", "answered"] == 3 and means.loc["enjoyed", "mean"] == pytest.approx(3.0)  # (5+3+1)/3
    assert means.loc["enjoyed", "sd"] == pytest.approx(2.0) and means.loc["enjoyed", "median"] == 3
    assert means.loc["enjoyed", "positive"] == pytest.approx(1 / 3)
    assert means.loc["confident", "mean"] == pytest.approx(4.0) and means.loc["confident", "positive"] == 1.0
    assert means.loc["confident", "sd"] == 0  # Ann and Ben both chose Agree
    assert means.loc["know-more", "answered"] == 0 and math.isnan(means.loc["know-more", "mean"])


def test_power_shift_signs_per_group_decision_and_stakeholder(room):
    store, content, workshop, people = room
    ann = people["Ann"]
    store.save(ann, "power", "power-scenarios", "scenario", {"id": "recruiting-staff"}, scope="group")
    for item, choice in (("0/funders/now", 3), ("0/funders/should", 1), ("0/service-users/now", 0),
                         ("0/service-users/should", 3), ("0/paid-staff/now", 2), ("0/paid-staff/should", 2),
                         ("0/managers/now", 2), ("2/volunteers/should", 1)):
        store.save(ann, "power", "power-scenarios", f"rate/recruiting-staff/{item}", {"choice": choice},
                   scope="group")
    store.save(people["Cat"], "power", "power-scenarios", "rate/dealing-with-a-complaint/1/funders/now",
               {"choice": 9}, scope="group")  # off the scale: not a rating
    frame = analysis.power_shift(store, content, workshop)
    assert set(frame["group"]) == {"Robins"} and frame["chosen"].all()
    cells = {(r.decision_number, r.stakeholder_id): (r.now, r.should, r.shift) for r in frame.itertuples()}
    assert cells[(1, "funders")] == (3, 1, -2)
    assert cells[(1, "service-users")] == (0, 3, 3)
    assert cells[(1, "paid-staff")] == (2, 2, 0)
    assert cells[(1, "managers")][0] == 2 and pd.isna(cells[(1, "managers")][2])
    assert pd.isna(cells[(3, "volunteers")][0]) and cells[(3, "volunteers")][1] == 1
    first = frame.iloc[0]
    assert first["decision"] == "The job role needs to be developed." and first["scenario"].startswith("Example One")
    assert frame.loc[frame["stakeholder_id"] == "funders", "now_label"].iloc[0] == "A lot"
    assert str(frame["shift"].dtype) == "Int64"


# --- the statistics against published worked examples ----------------------------------------

# Fleiss (1971), as worked in Wikipedia's "Fleiss' kappa": 10 subjects, 14 raters, 5 categories.
FLEISS_1971 = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
               [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]


def test_fleiss_kappa_matches_the_published_example():
    result = fleiss(FLEISS_1971)
    assert round(result.kappa, 3) == 0.210
    assert round(result.observed, 3) == 0.378 and round(result.expected, 3) == 0.213
    assert (result.items, result.ratings) == (10, 140)
    assert analysis.fleiss_kappa(FLEISS_1971) == result.kappa


def test_fleiss_kappa_edge_cases():
    assert analysis.fleiss_kappa([[2, 0], [0, 2]]) == 1.0
    assert analysis.fleiss_kappa([[1, 1], [1, 1]]) == -1.0
    assert math.isnan(analysis.fleiss_kappa([[3, 0], [2, 0]]))  # one category only: undefined
    assert math.isnan(analysis.fleiss_kappa([[1, 0], [0, 1]]))  # nobody's ratings can be compared
    assert analysis.fleiss_kappa([[2, 0], [0, 2], [1, 0]]) == 1.0  # a lone rating is left out
    with pytest.raises(ValueError, match="negative"):
        fleiss([[3, -1]])


M = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", C: nominal data, four
# observers, twelve units, missing values: alpha = 0.743.
KRIPPENDORFF_C = [[1, 2, 3, 3, 2, 1, 4, 1, 2, M, M, M],
                  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, M, 3],
                  [M, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, M],
                  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, M]]
# Krippendorff (2011), A: binary data, two observers, no missing data: alpha = 0.095.
KRIPPENDORFF_A = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
                  [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
# Wikipedia's "Krippendorff's alpha", a computational example: three coders, fifteen units: 0.691.
WIKIPEDIA = [[M, M, M, M, M, 3, 4, 1, 2, 1, 1, 3, 3, M, 3],
             [1, M, 2, 1, 3, 3, 4, 3, M, M, M, M, M, M, M],
             [M, M, 2, 1, 3, 4, 4, M, 2, 1, 1, 3, 3, M, 4]]


def test_krippendorffs_alpha_matches_the_published_examples():
    c = krippendorff(KRIPPENDORFF_C)
    assert round(c.alpha, 3) == 0.743 and (c.units, c.values) == (11, 40)  # unit 12 has one value: not pairable
    assert round(analysis.krippendorff_alpha(KRIPPENDORFF_A), 3) == 0.095
    assert round(analysis.krippendorff_alpha(WIKIPEDIA), 3) == 0.691
    with_nan = [[float("nan") if v is None else v for v in row] for row in KRIPPENDORFF_C]
    assert analysis.krippendorff_alpha(with_nan) == pytest.approx(c.alpha)
    labels = [[None if v is None else f"category {v}" for v in row] for row in KRIPPENDORFF_C]
    assert analysis.krippendorff_alpha(labels) == pytest.approx(c.alpha)  # nominal: any labels will do


def test_krippendorffs_alpha_edge_cases():
    assert analysis.krippendorff_alpha([[1, 2, 3], [1, 2, 3]]) == 1.0
    assert math.isnan(analysis.krippendorff_alpha([[1, 1], [1, 1]]))  # no variation: undefined
    assert math.isnan(analysis.krippendorff_alpha([[1, None], [None, 2]]))  # nothing pairable
    assert math.isnan(analysis.krippendorff_alpha([]))
    with pytest.raises(ValueError, match="one entry per unit"):
        krippendorff([[1, 2], [1]])


def test_normalised_entropy():
    assert analysis.normalised_entropy([5, 0, 0]) == 0
    assert analysis.normalised_entropy([2, 2, 2]) == pytest.approx(1.0)
    assert analysis.normalised_entropy([1, 1, 0, 0]) == pytest.approx(0.5)
    assert math.isnan(analysis.normalised_entropy([0, 0, 0]))


def test_people_the_facilitator_removed_are_left_out(room):
    store, content, workshop, people = room
    store.remove_participant(people["Eve"])
    frame = analysis.card_sort_agreement(store, content, workshop)
    assert "Not in a group" not in set(frame["group"])
    everyone = frame[(frame["group"] == "Everyone") & (frame["statement_id"] == "with-not-for")]
    assert list(everyone["count"]) == [4, 0, 0]
    assert analysis.inter_rater(store, content, workshop).overall["raters"] == 4


# --- where the room agrees (coprod.analysis.consensus) ---------------------------------------------


def test_room_agreement_by_hand(room):
    store, content, workshop, _ = room
    frame = analysis.room_agreement(store, content, workshop)
    assert list(frame["group"].unique()) == ["Everyone", "Robins", "Wrens", "Not in a group"]

    def row(group, card):
        return frame[(frame["group"] == group) & (frame["statement_id"] == card)].iloc[0]

    # with-not-for: 4 of 5 agree. Wilson lower bound (0.8 + 0.384146 - 1.959964·sqrt(0.032 + 0.038415))
    # / 1.768292 = (1.184146 - 0.520106) / 1.768292 = 0.375526: below 1/2, so not yet "agrees".
    everyone = row("Everyone", "with-not-for")
    assert (everyone.sorted_by, everyone.agree, everyone.disagree) == (5, 4, 0)
    assert everyone.agree_low == pytest.approx(0.375526, abs=1e-5) and everyone.verdict == "unclear"
    # The Wrens both agree (2 of 2): Pol.is would say 0.75; the lower bound is 0.342380.
    assert row("Wrens", "with-not-for").agree_low == pytest.approx(0.342380, abs=1e-5)
    # service-users-decide in the Robins: 1 agree, 1 disagree of 2, each side's lower bound
    # (0.5 + 0.960365 - 1.959964·sqrt(0.125 + 0.240091)) / 2.920729 = 0.094531: not yet "split".
    robins = row("Robins", "service-users-decide")
    assert robins.agree_low == pytest.approx(0.094531, abs=1e-5) and robins.verdict == "unclear"
    assert math.isnan(row("Everyone", "wide-range").agree_share)


def test_groups_apart_by_hand(room):
    store, content, workshop, _ = room
    frame = analysis.groups_apart(store, content, workshop)
    wrens = frame[(frame["group"] == "Wrens") & (frame["statement_id"] == "with-not-for")
                  & (frame["side"] == "agree")].iloc[0]
    # Wrens 2 of 2 agree against the rest (Ann, Ben agree; Eve not sure) 2 of 3: d = 1/3.
    assert (wrens.group_sorted, wrens.rest_sorted) == (2, 3)
    assert wrens.difference == pytest.approx(1 / 3) and not wrens.stands_apart
    # Only Eve (not in a group) stands apart: not sure, where the 4 others all agree. 0 of 1 against
    # 4 of 4: d = -1; high = -1 + sqrt((0.793451 - 0)² + (1 - 0.510109)²) = -1 + 0.932501 = -0.067499.
    apart = frame[frame["stands_apart"]]
    assert apart[["group", "statement_id", "side"]].values.tolist() == [["Not in a group", "with-not-for", "agree"]]
    assert apart.iloc[0].high == pytest.approx(-0.067499, abs=1e-5)
