"""The course as data: a content folder (YAML) loaded into typed, validated models."""

from coprod.content.loading import (
    DEFAULT_CONTENT_DIR,
    SCHEMA_VERSION,
    ContentError,
    CourseContent,
    Problem,
    collect,
    load,
)
from coprod.content.models import Activity, Course, Followup, Part, Task
from coprod.content_base import Card, EntryField, Instruction, Question
from coprod.tasks.card_sort.model import CardSortTask
from coprod.tasks.contact.model import ContactTask
from coprod.tasks.dot_vote.model import DotVoteTask
from coprod.tasks.grid.model import Column, GridTask
from coprod.tasks.list.model import ListTask
from coprod.tasks.questions.model import QuestionsTask
from coprod.tasks.scale.model import ScaleTask
from coprod.tasks.scenarios.model import Scenario, ScenariosTask
from coprod.tasks.text.model import TextTask
from coprod.tasks.values_tree.model import ValuesTreeTask

__all__ = [
    "DEFAULT_CONTENT_DIR", "SCHEMA_VERSION", "Activity", "Card", "CardSortTask", "Column", "ContactTask",
    "ContentError", "Course", "CourseContent", "DotVoteTask", "EntryField", "Followup", "GridTask", "Instruction",
    "ListTask", "Part",
    "Problem", "Question", "QuestionsTask", "ScaleTask", "Scenario", "ScenariosTask", "Task", "TextTask",
    "ValuesTreeTask", "collect", "load",
]
