"""How `coprod demo` fills in a `card_sort` task: the invented people drive the real widgets, as on a
page, so that what the demo stores is what a page stores."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coprod.content import Activity
from coprod.demo import driving as drive

if TYPE_CHECKING:
    from coprod.demo.filling import Room

# How a room tends to sort Activity 2's cards: weights for Agree, Not sure, Disagree.
# Cards not listed here (content a researcher added) are left to chance.
PILE_TENDENCIES = {
    "not-involved-never": (7, 2, 1), "professionals-asking": (1.5, 2.5, 6), "service-users-decide": (3.5, 3, 3.5),
    "with-not-for": (9, 0.8, 0.2), "inviting-to-forums": (2, 3.5, 4.5), "equal-say": (7.5, 1.5, 1),
    "professional-organises": (3, 3.5, 3.5), "creative-approaches": (8, 1.5, 0.5), "every-stage": (5.5, 3, 1.5),
    "service-user-control": (1, 2.5, 6.5), "influence-change": (7, 2, 1), "options-first": (1.5, 3, 5.5),
    "service-design-only": (0.5, 2, 7.5), "wide-range": (8.5, 1, 0.5),
}
GROUP_LEAN = 0.3  # how far each group's own leaning pulls it away from the room's


def fill(room: Room, activity: Activity, task) -> None:
    piles = len(task.piles)
    leaning = {}
    for team in room.teams:
        for card in task.cards:
            own = [room.rng.random() for _ in range(piles)]
            leaning[team.group.id, card.id] = [x / sum(own) for x in own]

    def sort(person, team, widget):
        sorter = drive.with_class(widget, "coprod-card-sort")[0]
        for card in task.cards:
            if room.skips(0.05):
                continue  # a card left unsorted
            tendency = PILE_TENDENCIES.get(card.id) if piles == 3 else None
            tendency = [x / sum(tendency) for x in tendency] if tendency else [1 / piles] * piles
            group = leaning[team.group.id, card.id]
            drive.choose(sorter, card.id, room.weighted([(1 - GROUP_LEAN) * r + GROUP_LEAN * g
                                                         for r, g in zip(tendency, group, strict=True)]))
    room.each_person(activity, task, sort, skip=0.03)
