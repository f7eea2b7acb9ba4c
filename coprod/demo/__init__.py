"""A demo workshop full of synthetic answers, for rehearsing a session and trying the analysis.

    make_demo(store, content, seed=1, groups=3, people_per_group=5) -> Workshop

Invented people (plant and bird names) in groups do every activity of the course through
the activities' own builders and widgets, so the stored answers have exactly the shapes a
real room's have: the boards, the report, the exports and ``coprod.analysis`` read them as
they would read a real workshop. The answers come from small phrase banks and a seeded
``random.Random``: the same seed gives the same answers (a task's answers depend on the seed
and the task, not on which other activities the course has). Nothing in it is
anyone's: the workshop's name says it is synthetic and its settings say ``synthetic: true``.
"""

from __future__ import annotations

import random

from coprod.content import CourseContent
from coprod.demo.driving import headless
from coprod.demo.filling import Room, Team
from coprod.demo.phrases import NAMES
from coprod.store import Store, Workshop, known_settings

__all__ = ["DEFAULT_NAME", "DEFAULT_SEED", "MAX_GROUPS", "MAX_PEOPLE_PER_GROUP", "SYNTHETIC", "is_synthetic",
           "make_demo"]

DEFAULT_NAME = "Demo workshop (synthetic data)"
DEFAULT_SEED = 1
SYNTHETIC = "synthetic"  # the word in a demo workshop's name (its setting: known_settings.SYNTHETIC)
MAX_GROUPS = 20
MAX_PEOPLE_PER_GROUP = 12


def make_demo(store: Store, content: CourseContent, *, seed: int = DEFAULT_SEED, groups: int = 3,
              people_per_group: int = 5, name: str = DEFAULT_NAME) -> Workshop:
    """Create a workshop of ``groups`` groups of ``people_per_group`` invented people, each of
    whom has done every activity (a few skip a question or two), and return it.

    A ``name`` that does not say "synthetic" gets " (synthetic data)" added, so that no list
    of workshops can mistake it for a real one.
    """
    if not 1 <= groups <= MAX_GROUPS:
        raise ValueError(f"groups must be between 1 and {MAX_GROUPS}, not {groups}")
    if not 1 <= people_per_group <= MAX_PEOPLE_PER_GROUP:
        raise ValueError(f"people_per_group must be between 1 and {MAX_PEOPLE_PER_GROUP}, not {people_per_group}")
    name = " ".join(name.split()) or DEFAULT_NAME
    if SYNTHETIC not in name.lower():
        name = f"{name} (synthetic data)"
    workshop, _ = store.create_workshop(name)
    known_settings.SYNTHETIC.write(store, workshop, True)
    names = _names(random.Random(f"{seed}:names"), groups * people_per_group)
    teams = []
    for number in range(groups):
        group = store.create_group(workshop, f"Group {number + 1}")
        members = [store.assign_group(store.join(workshop, person)[0], group.id)
                   for person in names[number * people_per_group:(number + 1) * people_per_group]]
        teams.append(Team(group, members))
    # The demo fills a whole room in a second or two: far past any one person's pace, which the
    # save budget is there to hold (coprod/store/budget.py). It is the server's own filling.
    budget, store.save_budget = store.save_budget, None
    try:
        with headless():
            Room(store, content, workshop, teams, seed).run()
    finally:
        store.save_budget = budget
    return store.workshop(workshop.id)


def is_synthetic(store: Store, workshop: Workshop) -> bool:
    """Whether a workshop's answers were made up by ``make_demo``."""
    return known_settings.SYNTHETIC.read(store.settings(workshop.id))


def _names(rng: random.Random, count: int) -> list[str]:
    """``count`` different invented first names; numbered once the bank runs out."""
    found = []
    round_number = 1
    while len(found) < count:
        batch = rng.sample(NAMES, len(NAMES))
        found += batch if round_number == 1 else [f"{n} {round_number}" for n in batch]
        round_number += 1
    return found[:count]
