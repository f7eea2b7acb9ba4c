"""The workshop report: who took part (by the names they chose), the groups, what the room
made in every activity, and the evaluation's results, as one printable document.

The report is written as HTML (``report_html``) and printed to PDF by WeasyPrint
(``report_pdf``): the two are the same document. Posts the facilitator hid are left out,
and no email address is ever part of it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from pathlib import Path

from coprod.collate import collate as collate_activity
from coprod.collate._common import Room, para, text_of
from coprod.content import CourseContent
from coprod.moderation import hidden_posts
from coprod.plan import planned
from coprod.printing import document, pdf
from coprod.report_followup import months_later_html
from coprod.store import Participant, Store, Workshop
from coprod.tasks.scale.collation import evaluation_summary

__all__ = ["personal_body", "personal_html", "personal_pdf", "report_body", "report_html", "report_pdf",
           "write_report"]

# Where the participant's page keeps My notes and the group's scenario (coprod.participant).
APP, NOTES, SCENARIO = "app", "my-notes", "scenario"

REPORT_CSS = """
table.report-meta { width: auto; margin: 0 0 4mm; }
.report-meta th, .report-meta td { border: none; background: none; padding: 0.6mm 6mm 0.6mm 0; font-size: 11pt; }
.report-source { font-size: 9.5pt; }
section.report-activity { break-before: page; }
section.report-activity > h2 { margin-top: 0; }
h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; }
h4 { font-size: 11.5pt; margin: 4mm 0 1.5mm; }
h5 { font-size: 11pt; margin: 3mm 0 1mm; }
h6 { font-size: 10.5pt; margin: 2.5mm 0 1mm; font-style: italic; }
tr, li, dt, dd, figure, .coprod-tree-svg { break-inside: avoid; }
thead { display: table-header-group; }
/* Fixed layout: a column's width never depends on the longest word someone typed. */
table { table-layout: fixed; }
caption { text-align: left; font-weight: 700; padding: 0 0 1mm; caption-side: top; break-after: avoid; }
td, th { font-size: 9.5pt; }
.coprod-collate-cards th:first-child { width: 58%; }
.coprod-collate-scale th:first-child { width: 38%; }
.coprod-collate-scale thead th, .coprod-collate-cards thead th { overflow-wrap: normal; font-size: 8.5pt; }
.report-groups th:first-child, .coprod-heatmap th:first-child { width: 30%; }
.coprod-collate-boxes th:first-child { width: 24%; }
td > ul, td > p { margin: 0; }
.coprod-collate-scale { break-inside: avoid; }
.coprod-table td { text-align: left; }
.coprod-collate-cards td, .coprod-collate-scale td { text-align: center; width: 15mm; }
.coprod-heatmap td { width: 28mm; }
.coprod-heatmap, .coprod-needs-table { break-inside: avoid; }
.coprod-collate-group { border-top: 1.5pt solid #555; margin-top: 5mm; }
.coprod-collate-part > h3 { font-size: 13.5pt; }
.coprod-by { color: #444; font-size: 9pt; }
p.coprod-by { margin: 0 0 2mm; }
/* "Last saved by" and a wall card's name go with the text above them, never alone on a page. */
p.coprod-by { break-before: avoid; page-break-before: avoid; }
p, dd { orphans: 2; widows: 2; }
.coprod-contested { color: #7a2e00; }
.coprod-empty { color: #444; font-style: italic; }
.report-about { font-weight: 700; }
.coprod-private { border-left: 2pt dashed #6b4e00; padding-left: 3mm; margin: 2mm 0; }
.coprod-private-label { font-weight: 700; color: #6b4e00; font-size: 9.5pt; margin: 1mm 0; break-after: avoid; }
.coprod-collate-round { font-weight: 700; margin: 2mm 0 0; }
dl { margin: 1mm 0 3mm; }
dt { font-weight: 700; margin-top: 1.5mm; }
dd { margin: 0 0 0 6mm; overflow-wrap: anywhere; }
ul { margin: 1mm 0 3mm; padding-left: 6mm; }
li p { margin: 0; }
figure { margin: 2mm 0; }
figcaption { font-size: 9pt; color: #333; margin-top: 1mm; }
.coprod-chart svg { width: 100%; height: auto; }
.coprod-tree-svg svg { width: 100%; height: auto; max-height: 200mm; }
details > summary { font-weight: 700; margin: 2mm 0 1mm; list-style: none; break-after: avoid; }
a[download] { display: none; }
@media print { details { display: block; } }
"""


def _date(when: datetime | None) -> str:
    return when.strftime("%d %B %Y").lstrip("0") if when else "not recorded"


def _meta(label: str, value: str) -> str:
    return f"<tr><th scope='row'>{escape(label)}</th><td dir='auto'>{escape(value)}</td></tr>"


# Who a report is for: the facilitator's full report (private answers in it, marked), or the
# report to share with the room (no private answer, no name on anyone's own answer).
AUDIENCES = ("facilitator", "room")
ABOUT = {
    "facilitator": "This is the facilitator's full report. Answers marked “Private” are ones people were told "
                   "only they and the facilitator see: do not share this report; share the report for the room.",
    "room": "This report is for sharing with the room: it leaves out what people were told only they and the "
            "facilitator see (notes not posted, reflections, power cards, questionnaire answers), and names no "
            "one beside their own answers.",
}


def _title(workshop: Workshop, audience: str) -> str:
    return f"{workshop.name}: workshop report" + (" for the room" if audience == "room" else "")


def _check(audience: str) -> None:
    if audience not in AUDIENCES:
        raise ValueError(f"a report is for one of {AUDIENCES}, not {audience!r}")


def scenarios_html(room: Room) -> str:
    """Each group's scenario (the example it works on through the training): group work, in both reports."""
    grouped = room.by_group(room.answers(APP, SCENARIO), scope="group")
    written = {key: _text(answers) for key, answers in grouped.items()}
    rows = [f"<h3 dir='auto'>{escape(name)}</h3>{para(written[key])}" for key, name in room.sections()
            if written.get(key)]
    return ("<section class='report-scenarios'><h2>Each group's scenario</h2>"
            + ("".join(rows) or "<p class='coprod-empty'>No group has written a scenario.</p>") + "</section>")


def report_body(store: Store, content: CourseContent, workshop: Workshop, *, audience: str = "facilitator") -> str:
    _check(audience)
    hidden = hidden_posts(store.settings(workshop.id))
    room = Room.read(store, content, workshop, hidden=hidden, audience=audience, names=audience == "facilitator")
    members: dict[int | None, list[str]] = {}
    for person in room.people.values():
        members.setdefault(person.group_id, []).append(person.display_name)
    group_rows = [(name, members.get(key, [])) for key, name in room.sections()
                  if key is not None or members.get(None)]
    rows = "".join(f"<tr><th scope='row' dir='auto'>{escape(name)}</th><td dir='auto'>"
                   f"{escape(', '.join(names)) or '<em>nobody</em>'}</td></tr>" for name, names in group_rows)
    summary = evaluation_summary(store, content, workshop, hidden=hidden)
    parts = [
        f"<h1 dir='auto'>{escape(_title(workshop, audience))}</h1>",
        "<table class='report-meta'><tbody>",
        _meta("Workshop", f"{workshop.name} (join code {workshop.code})"),
        _meta("Date", _date(workshop.created_at)),
        _meta("Participants", str(len(room.people))),
        _meta("Groups", str(len(room.groups))),
        _meta("Evaluation", f"{summary.respondents} of {len(room.people)} answered the questionnaire (Activity 11)"),
        _meta("Report made", _date(datetime.now(UTC))),
        "</tbody></table>",
        f"<p class='report-source'>{escape(content.course.source)} "
        f"{escape('; '.join(content.course.credits))}.</p>",
        f"<p class='report-about'>{escape(ABOUT[audience])}</p>",
        "<p class='report-source'>People are named by the names they chose when they joined. Posts the "
        "facilitator hid are left out; email addresses are never part of this report.</p>",
        "<h2>Groups and their members</h2>",
        "<table class='coprod-table report-groups'><caption>Each group and the names its members chose"
        f"</caption><thead><tr><th scope='col'>Group</th><th scope='col'>Members</th></tr></thead><tbody>{rows}"
        "</tbody></table>" if group_rows else "<p class='coprod-empty'>Nobody joined this workshop.</p>",
        scenarios_html(room),
    ]
    for step in planned(content, room.settings()):  # the workshop's own activities, in its order
        activity = step.activity
        parts.append(f"<section class='report-activity' id='activity-{escape(activity.id)}'>"
                     f"<h2>Activity {activity.number}: {escape(activity.title)}</h2>"
                     f"{collate_activity(room, activity)}</section>")
    parts.append(months_later_html(store, content, workshop, room))
    return "".join(parts)


def personal_body(store: Store, content: CourseContent, workshop: Workshop, person: Participant) -> str:
    """One person's own work, for them to keep: every activity of the plan as the report shows
    it, but read from their answers, their group's and what they added to the room's lists only
    (``Room.read_person``), so that nobody else's answer, name or count is in it."""
    room = Room.read_person(store, content, workshop, person, hidden=hidden_posts(store.settings(workshop.id)))
    parts = [
        "<h1>My co-production workbook</h1>",
        "<table class='report-meta'><tbody>",
        _meta("Started", _date(workshop.created_at)),
        _meta("Printed", _date(datetime.now(UTC))),
        "</tbody></table>",
        f"<p class='report-source'>{escape(content.course.source)} "
        f"{escape('; '.join(content.course.credits))}.</p>",
    ]
    notes = [(title, text) for title, answers in (
        ("My notes", room.answers(APP, NOTES)), ("Our scenario", room.answers(APP, SCENARIO)))
        if (text := _text(answers))]
    if notes:
        parts.append("<section class='report-notes'>" + "".join(
            f"<h2>{escape(title)}</h2>{para(text)}" for title, text in notes) + "</section>")
    for step in planned(content, room.settings()):
        activity = step.activity
        parts.append(f"<section class='report-activity' id='activity-{escape(activity.id)}'>"
                     f"<h2>Activity {activity.number}: {escape(activity.title)}</h2>"
                     f"{collate_activity(room, activity)}</section>")
    parts.append(months_later_html(store, content, workshop, room))
    return "".join(parts)


def _text(answers) -> str:
    found = [text_of(a) for a in answers if a.item == "text"]
    return found[-1] if found else ""


def personal_html(store: Store, content: CourseContent, workshop: Workshop, person: Participant) -> str:
    """One person's own work as a printable HTML document."""
    return document("My co-production workbook", personal_body(store, content, workshop, person), css=REPORT_CSS)


def personal_pdf(store: Store, content: CourseContent, workshop: Workshop, person: Participant) -> bytes:
    """One person's own work as an A4 PDF."""
    return pdf(personal_html(store, content, workshop, person))


def report_html(store: Store, content: CourseContent, workshop: Workshop, *, audience: str = "facilitator") -> str:
    """The whole report as a printable HTML document, for the facilitator or for the room."""
    return document(_title(workshop, audience), report_body(store, content, workshop, audience=audience),
                    css=REPORT_CSS)


def report_pdf(store: Store, content: CourseContent, workshop: Workshop, *, audience: str = "facilitator") -> bytes:
    """The report as an A4 PDF."""
    return pdf(report_html(store, content, workshop, audience=audience))


def report_name(workshop: Workshop, audience: str, file_format: str) -> str:
    """The file name: the facilitator's as it always was, the room's saying so."""
    from coprod.exports.commands import slug

    return f"{slug(workshop.name)}-report{'-for-the-room' if audience == 'room' else ''}.{file_format}"


def write_report(store: Store, content: CourseContent, workshop: Workshop, *, file_format: str,
                 output: Path | None, audience: str = "facilitator") -> Path:
    """Write the report as ``file_format`` ("pdf" or "html"); return the path written."""
    _check(audience)
    name = report_name(workshop, audience, file_format)
    path = Path(name) if output is None else (output / name if output.is_dir() else output)
    data = report_pdf(store, content, workshop, audience=audience) if file_format == "pdf" else \
        report_html(store, content, workshop, audience=audience).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path

