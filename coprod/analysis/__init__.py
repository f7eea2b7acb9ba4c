"""A workshop's answers as tidy pandas DataFrames, for researchers.

Every function takes ``(store, content, workshop)``:

    answers(...)              every current answer, one row per field (coprod.exports.answers_frame)
    card_sort_agreement(...)  Activity 2: per statement, group and pile, counts and proportions
    most_contested(..., n=5)  the statements the room was most split on (normalised entropy)
    pairwise_agreement(...)   per pair of people, the share of statements placed in the same pile
    room_agreement(...)       per group and statement: agree/disagree shares with 95% Wilson
                              intervals, and whether the room (or group) agrees, is split or unclear
    groups_apart(...)         per group, statement and side: the group against the rest of the
                              room, with a 95% Newcombe interval (coprod.consensus: the method)
    inter_rater(...)          Fleiss' kappa and Krippendorff's alpha (nominal), with a caveat
    evaluation(...)           Activity 11: per statement and answer, counts and proportions
    evaluation_means(...)     Activity 11: per statement, the mean (and sd, median) on a 1-5 coding
    power_shift(...)          Activity 8a: per group, scenario, decision and stakeholder group:
                              the power held now, as it should be, and the shift
    knowledge_change(...)     per person: Activity 1's "what I know" and "what I want to know"
                              beside Activity 10's "what I now know"
    knowledge_summary(...)    per workshop: how many wrote at the start, at the end, and both
    followup_answers(...)     every follow-up answer, per person and question
    followup_change(...)      per person and statement: Activity 11 on the day, the follow-up
                              months later, and the change
    followup_summary(...)     per statement: paired people, means then and later, up/same/down

``across_workshops(frame, store, content, workshops=None)`` runs any of them for several
workshops (by default every workshop in the database) and puts the results in one DataFrame.

The statistics themselves are in ``coprod.analysis.statistics`` (``fleiss_kappa``,
``krippendorff_alpha``, ``normalised_entropy``), for any table of ratings.

This package imports pandas: it is for researchers, and nothing on a participant's page
imports it. ``coprod.demo.make_demo`` makes a synthetic workshop to try it on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coprod.analysis._common import EVERYONE
from coprod.analysis.card_sort import (
    InterRater,
    card_sort_agreement,
    inter_rater,
    most_contested,
    pairwise_agreement,
)
from coprod.analysis.change import (
    across_workshops,
    followup_answers,
    followup_change,
    followup_summary,
    knowledge_change,
    knowledge_summary,
    summarise_change,
    summarise_knowledge,
)
from coprod.analysis.consensus import groups_apart, room_agreement
from coprod.analysis.evaluation import evaluation, evaluation_means
from coprod.analysis.power import power_shift
from coprod.analysis.statistics import fleiss_kappa, krippendorff_alpha, normalised_entropy
from coprod.content import CourseContent
from coprod.exports import answers_frame
from coprod.store import Store, Workshop

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "EVERYONE", "InterRater", "across_workshops", "answers", "card_sort_agreement", "evaluation",
    "evaluation_means", "fleiss_kappa", "followup_answers", "followup_change", "followup_summary", "groups_apart",
    "inter_rater", "knowledge_change", "knowledge_summary", "krippendorff_alpha", "most_contested",
    "normalised_entropy", "pairwise_agreement", "power_shift", "room_agreement", "summarise_change",
    "summarise_knowledge",
]


def answers(store: Store, content: CourseContent, workshop: Workshop, *, anonymised: bool = False
            ) -> pd.DataFrame:
    """Every current answer, one row per field of it: ``coprod.exports.answers_frame`` (its
    docstring lists the columns). ``anonymised`` replaces people with P01, P02, ..."""
    return answers_frame(store, content, workshop, anonymised=anonymised)
