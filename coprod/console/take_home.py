"""Everything the facilitator takes home, as downloads made on demand in the kernel.

The same functions back `coprod export` and `coprod sheets`; the heavy libraries
(pandas, openpyxl, matplotlib, WeasyPrint) are imported only when a file is asked for.
"""

from __future__ import annotations

from datetime import date

import ipywidgets as w

from coprod.activities.page import html
from coprod.content import CourseContent
from coprod.store import Store, Workshop
from coprod.widgets import Download

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_stem(workshop: Workshop) -> str:
    """A file name from the workshop's name, as `coprod export` names its files, and today's date."""
    from coprod.exports.commands import slug

    return f"{slug(workshop.name)}-{date.today():%Y-%m-%d}"


class TakeHomePanel:
    def __init__(self, store: Store, content: CourseContent, workshop: Workshop):
        self.store, self.content, self.workshop = store, content, workshop

        def fresh() -> Workshop:  # the name may have changed since the page opened
            return store.workshop(workshop.id) or workshop

        def answers_xlsx(anonymised: bool):
            from coprod.exports import xlsx_bytes

            ws = fresh()
            suffix = "-anonymised" if anonymised else ""
            return f"{file_stem(ws)}-answers{suffix}.xlsx", XLSX, xlsx_bytes(store, content, ws, anonymised=anonymised)

        def answers_csv():
            from coprod.exports import csv_zip

            ws = fresh()
            return f"{file_stem(ws)}-answers-csv.zip", "application/zip", csv_zip(store, content, ws)

        def followup():
            from coprod.exports import followup_csv

            ws = fresh()
            return f"{file_stem(ws)}-follow-up.csv", "text/csv", followup_csv(store, content, ws)

        def mail_merge():
            from coprod.exports.files import frame_csv
            from coprod.exports.followup import mail_merge_frame
            from coprod.session import public_url

            ws = fresh()
            frame = mail_merge_frame(store, content, ws, public_url())
            return f"{file_stem(ws)}-follow-up-links.csv", "text/csv", frame_csv(frame)

        def report(kind: str, audience: str):
            from coprod.report import report_html, report_pdf

            ws = fresh()
            stem = f"{file_stem(ws)}-report{'-for-the-room' if audience == 'room' else ''}"
            if kind == "pdf":
                return f"{stem}.pdf", "application/pdf", report_pdf(store, content, ws, audience=audience)
            return (f"{stem}.html", "text/html",
                    report_html(store, content, ws, audience=audience).encode("utf-8"))

        def sheets():
            from coprod.sheets import all_sheets_pdf

            return "co-production-activity-sheets.pdf", "application/pdf", all_sheets_pdf(content)

        self.widget = w.VBox([
            html("<h2>Take everything home</h2>", "coprod-console-heading"),
            html("<p>Each file is made when you click, from what is stored now.</p>", "coprod-console-help"),
            html("<h3>The workshop's report</h3>", "coprod-console-subheading"),
            html("<p>The report for the room leaves out private answers (notes not posted, reflections, power "
                 "cards, questionnaire answers) and names no one beside their own answers: share that one. Yours "
                 "holds everything, private answers marked.</p>", "coprod-console-help"),
            Download(label="Report for the room (PDF, to print)", make=lambda: report("pdf", "room")),
            Download(label="Report for the room (web page)", make=lambda: report("html", "room")),
            Download(label="Facilitator's full report, with private answers (PDF)",
                     make=lambda: report("pdf", "facilitator")),
            Download(label="Facilitator's full report, with private answers (web page)",
                     make=lambda: report("html", "facilitator")),
            html("<h3>Every answer</h3>", "coprod-console-subheading"),
            Download(label="Every answer (Excel)", make=lambda: answers_xlsx(False)),
            Download(label="Every answer (CSV files, zipped)", make=answers_csv),
            Download(label="Anonymised: no names, no email addresses (Excel)", make=lambda: answers_xlsx(True)),
            html("<h3>Follow-up</h3>", "coprod-console-subheading"),
            Download(label="Follow-up list: those who agreed to an email, with their commitment (CSV)",
                     make=followup),
            *([Download(label="Follow-up links for a mail merge: name, email, personal link, commitment (CSV)",
                        make=mail_merge),
               html("<p>Each link opens that person's follow-up questionnaire while this server runs; coprod sends "
                    "no email: send them from your own mail system. Each download makes new links (older ones keep "
                    "working).</p>", "coprod-console-help")] if content.followup is not None else []),
            html("<h3>For rooms without devices</h3>", "coprod-console-subheading"),
            Download(label="Printable activity sheets (PDF)", make=sheets),
        ])
        self.widget.add_class("coprod-console-take-home")

    def draw(self, _settings: dict) -> None:
        """Nothing to redraw: files are made from the store when asked for."""
