"""Activity 11's questionnaire: how many chose each answer to each statement, and the
statements' means on a 1-to-k coding (1 for the scale's first answer, "Strongly disagree")."""

from __future__ import annotations

import math

import pandas as pd

from coprod.content import Activity, CourseContent
from coprod.store import Store, Workshop
from coprod.tasks.scale.collation import evaluation_summary

EVALUATION_COLUMNS = ["statement_id", "statement", "code", "answer", "count", "answered", "proportion"]
MEANS_COLUMNS = ["statement_id", "statement", "answered", "mean", "sd", "median", "positive"]


def evaluation(store: Store, content: CourseContent, workshop: Workshop, activity: Activity | str = "evaluating"
               ) -> pd.DataFrame:
    """One row per statement and answer, in the questionnaire's order: the answer's code (1
    for the first answer of the scale), how many chose it, how many answered the statement
    (``answered``) and the proportion (NaN for a statement nobody answered). The figures are
    those of ``coprod.tasks.scale.collation.evaluation_summary``, the board's and the report's."""
    summary = evaluation_summary(store, content, workshop, activity)
    rows = []
    for statement in summary.statements:
        total = statement.total
        for code, (label, count) in enumerate(zip(summary.scale, statement.counts, strict=True), start=1):
            rows.append([statement.id, statement.text, code, label, count, total,
                         count / total if total else math.nan])
    return pd.DataFrame(rows, columns=EVALUATION_COLUMNS).astype(
        {"code": "int64", "count": "int64", "answered": "int64", "proportion": "float64"})


def evaluation_means(store: Store, content: CourseContent, workshop: Workshop,
                     activity: Activity | str = "evaluating") -> pd.DataFrame:
    """One row per statement: how many answered it, the mean, standard deviation (n - 1) and
    median of the codes (1 = the scale's first answer ... k = its last; 1-5 for the
    toolkit's questionnaire), and ``positive``, the proportion who chose an answer above the
    scale's middle ("Agree" or "Strongly agree"). The scale is ordinal: a mean is a
    convenient summary, not a measurement; read it with the counts of ``evaluation``."""
    long = evaluation(store, content, workshop, activity)
    middle = (long["code"].max() + 1) / 2 if len(long) else 0
    rows = []
    for (statement_id, text), answers in long.groupby(["statement_id", "statement"], sort=False):
        codes = answers["code"].repeat(answers["count"])
        rows.append([statement_id, text, len(codes), codes.mean() if len(codes) else math.nan,
                     codes.std(ddof=1) if len(codes) > 1 else math.nan,
                     codes.median() if len(codes) else math.nan,
                     answers.loc[answers["code"] > middle, "count"].sum() / len(codes) if len(codes) else math.nan])
    return pd.DataFrame(rows, columns=MEANS_COLUMNS).astype(
        {"answered": "int64", "mean": "float64", "sd": "float64", "median": "float64", "positive": "float64"})
