"""Reusable widgets: each is one module here plus its JavaScript and CSS in static/."""

from coprod.widgets.board import Board
from coprod.widgets.join import JoinForm, JoinRefused
from coprod.widgets.link import PersonalLink
from coprod.widgets.notes import Notes

__all__ = ["Board", "JoinForm", "JoinRefused", "Notes", "PersonalLink"]
