"""How `coprod demo` fills in a `contact` task: the invented people drive the real widgets, as on a
page, so that what the demo stores is what a page stores."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w

from coprod.content import Activity
from coprod.demo import driving as drive

if TYPE_CHECKING:
    from coprod.demo.filling import Room


def fill(room: Room, activity: Activity, task) -> None:
    def consent(person, team, widget):
        address = f"{person.display_name.lower().replace(' ', '.')}@example.org"  # a reserved, unused domain
        drive.find(widget, w.Checkbox)[0].value = True
        drive.with_class(widget, "coprod-email")[0].value = address
        drive.find(widget, w.Button)[0].click()
        if room.store.contact(person) != address:
            raise drive.Refused(f"the follow-up address of {person.display_name} was not kept")
    room.each_person(activity, task, consent, skip=0.6)
