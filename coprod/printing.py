"""Printable documents: one HTML page, printed to PDF by WeasyPrint on this machine.

The report and the activity sheets are written as HTML first, so that the printable
HTML and the PDF are the same document. WeasyPrint is imported only when a PDF is made:
it is heavy, and a participant's kernel never needs it.
"""

from __future__ import annotations

from html import escape

PRINT_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #444; } }
html { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 11pt; color: #111;
       line-height: 1.4; }
body { margin: 0; }
h1 { font-size: 20pt; margin: 0 0 6mm; }
h2 { font-size: 15pt; margin: 8mm 0 3mm; }
h3 { font-size: 12.5pt; margin: 5mm 0 2mm; }
p, li { overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }
th, td { border: 1px solid #555; padding: 2mm; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
th { background: #eee; }
.page-break { break-before: page; }
.avoid-break { break-inside: avoid; }
.muted { color: #444; }
@media screen { body { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; } }
"""


def document(title: str, body: str, *, css: str = "", lang: str = "en") -> str:
    """A whole HTML document: ``body`` is HTML already escaped by its maker."""
    return (
        f"<!DOCTYPE html>\n<html lang='{escape(lang)}'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{PRINT_CSS}{css}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def pdf(html: str) -> bytes:
    """The PDF of a whole HTML document.

    Only inline (data:) resources are loaded: anything else would be a request off this
    machine, or a read of a local file named in someone's answer.
    """
    from weasyprint import HTML  # heavy: only when a PDF is asked for
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
