"""How `coprod demo` fills in a `values_tree` task: the invented people drive the real widgets, as on a
page, so that what the demo stores is what a page stores."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coprod.content import Activity
from coprod.demo import driving as drive
from coprod.demo.phrases import bank
from coprod.widgets import SharedList

if TYPE_CHECKING:
    from coprod.demo.filling import Room


def fill(room: Room, activity: Activity, task) -> None:
    def tree(team, widget, session):
        trunk, leaves = drive.find(widget, SharedList)
        for text in room.some(bank("trunk"), 2, 4):
            drive.add(trunk, text=text)
        session.changed()  # the placing menus now offer the new groups
        for menu in drive.with_class(widget, "coprod-place"):
            groups = [value for _, value in menu.options if value]
            if groups and not room.skips(0.15):
                menu.value = room.rng.choice(groups)
        for offer in room.some(leaves.examples, 1, 2):
            room.offer(leaves, offer)
        if room.rng.random() < 0.5:
            text = room.phrase("leaves")
            if not room.listed(leaves, text):
                drive.add(leaves, text=text)
    room.each_group(activity, task, tree)
