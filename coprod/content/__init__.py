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
from coprod.content.models import (
    Activity,
    Card,
    CardSortTask,
    Column,
    ContactTask,
    Course,
    EntryField,
    Followup,
    GridTask,
    Instruction,
    ListTask,
    Part,
    Question,
    QuestionsTask,
    ScaleTask,
    Scenario,
    ScenariosTask,
    Task,
    TextTask,
    ValuesTreeTask,
)

__all__ = [
    "DEFAULT_CONTENT_DIR", "SCHEMA_VERSION", "Activity", "Card", "CardSortTask", "Column", "ContactTask",
    "ContentError", "Course", "CourseContent", "EntryField", "Followup", "GridTask", "Instruction", "ListTask", "Part",
    "Problem", "Question", "QuestionsTask", "ScaleTask", "Scenario", "ScenariosTask", "Task", "TextTask",
    "ValuesTreeTask", "collect", "load",
]
