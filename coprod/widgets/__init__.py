"""Reusable widgets: each is one module here plus its JavaScript and CSS in static/."""

from coprod.widgets.comfort import Comfort
from coprod.widgets.download import Download, NothingToDownload
from coprod.widgets.join import JoinForm, JoinRefused
from coprod.widgets.link import PersonalLink
from coprod.widgets.matrix import Matrix
from coprod.widgets.nav import Nav
from coprod.widgets.notes import Notes
from coprod.widgets.picker import Picker
from coprod.widgets.place import Place
from coprod.widgets.scale import Scale
from coprod.widgets.shared_list import SharedList
from coprod.widgets.status import Status
from coprod.widgets.text import TextEntry
from coprod.widgets.timer import Timer

__all__ = ["Comfort", "Download", "JoinForm", "JoinRefused", "Matrix", "Nav", "Notes", "NothingToDownload",
           "PersonalLink", "Picker", "Place", "Scale", "SharedList", "Status", "TextEntry", "Timer"]
