"""Activity 8a: for each group, the power each stakeholder group holds now and should hold in
each decision of the scenarios it rated, and the shift between the two."""

from __future__ import annotations

import pandas as pd

from coprod.analysis._common import Names, find_task
from coprod.content import Activity, CourseContent, ScenariosTask
from coprod.store import Store, Workshop
from coprod.tasks.scenarios.answer import ScenarioPick
from coprod.tasks.scenarios.shared import POWER_SCALE, ratings_from

POWER_COLUMNS = ["group", "scenario_id", "scenario", "chosen", "decision_number", "decision", "stakeholder_id",
                 "stakeholder", "now", "should", "shift", "now_label", "should_label"]


def power_shift(store: Store, content: CourseContent, workshop: Workshop, activity: Activity | str | None = None
                ) -> pd.DataFrame:
    """One row per group, scenario, decision and stakeholder group that the group rated
    (either rating). ``now`` and ``should`` are coded 0-3 ("None", "A little", "Some", "A
    lot"); ``shift`` is ``should - now``: positive where the group wants that stakeholder
    group to have more power, negative less, missing (<NA>) unless both were rated.
    ``chosen`` marks the scenario the group chose as its example; ``decision_number``
    counts from 1, in the scenario card's order."""
    activity, task = find_task(content, activity, ScenariosTask)
    names = Names(store, workshop)
    by_group: dict[int, list] = {}
    for answer in store.current(workshop.id, activity.id, task.id, scope="group"):
        by_group.setdefault(answer.owner_id, []).append(answer)
    rows = []
    for group_id, group_name in names.groups:
        answers = by_group.get(group_id, [])
        picks = (ScenarioPick.from_stored(a.value) for a in reversed(answers) if a.item == "scenario")
        chosen = next((pick.id for pick in picks if pick is not None), None)
        for scenario in task.scenarios:
            rated = ratings_from(answers, scenario.id)
            for index, decision in enumerate(scenario.decisions):
                for stakeholder in task.stakeholder_groups:
                    cell = rated.get(str(index), {}).get(stakeholder.id, {})
                    now, should = cell.get("now"), cell.get("should")
                    if now is None and should is None:
                        continue
                    rows.append([group_name, scenario.id, scenario.title, scenario.id == chosen, index + 1, decision,
                                 stakeholder.id, stakeholder.text, now, should,
                                 should - now if now is not None and should is not None else None,
                                 POWER_SCALE[now] if now is not None else None,
                                 POWER_SCALE[should] if should is not None else None])
    frame = pd.DataFrame(rows, columns=POWER_COLUMNS)
    return frame.astype({"chosen": bool, "decision_number": "int64", "now": "Int64", "should": "Int64",
                         "shift": "Int64"})
