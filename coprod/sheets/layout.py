"""The pieces every sheet is made of: its heading, writing lines, boxes, hints, and the CSS.

Sizes are in millimetres because the sheets are for paper: a ruled line has to be as far
apart as handwriting needs, whatever the screen. Every text passes through ``esc``; sheet
builders never put a content string into HTML any other way.
"""

from __future__ import annotations

from html import escape

from coprod.content import Activity, CourseContent, Question

# Large type: the course is for people of any age and eyesight, reading at arm's length.
SHEET_CSS = """
@page { margin: 14mm 15mm 18mm 15mm;
        @bottom-left { content: string(course) " \\2022  " string(activity); font-size: 8.5pt; color: #444;
                       width: 150mm; vertical-align: top; padding-top: 3mm; }
        @bottom-center { content: none; }
        @bottom-right { content: counter(page) " / " counter(pages); font-size: 8.5pt; color: #444;
                        vertical-align: top; padding-top: 3mm; } }
html { font-size: 13pt; line-height: 1.35; }
.sheet + .sheet { break-before: page; }
.sheet-head { border-bottom: 2px solid #111; margin: 0 0 5mm; padding-bottom: 2mm; }
.sheet-course { string-set: course content(text); margin: 0; font-size: 9.5pt; color: #444; }
.sheet-activity { string-set: activity content(text); margin: 1mm 0 0; font-size: 11pt; font-weight: bold;
                  text-transform: uppercase; letter-spacing: 0.04em; }
.sheet-head h1 { font-size: 21pt; line-height: 1.2; margin: 1.5mm 0 0; }
.sheet-head h1.sheet-only-title { text-transform: none; letter-spacing: 0; }
.sheet-head .subtitle { margin: 1mm 0 0; font-size: 13pt; color: #333; }
.intro { font-size: 13.5pt; margin: 0 0 4mm; }
.question { break-inside: avoid; margin: 0 0 6mm; }
.question h2 { font-size: 15pt; margin: 0 0 1.5mm; line-height: 1.25; }
.hint-intro { margin: 0 0 1mm; color: #222; }
ul.hints { margin: 0 0 1mm; padding-left: 7mm; color: #222; }
ul.hints li { margin: 0; }
.examples { margin: 0 0 1mm; font-style: italic; }
.lines { margin-top: 1mm; }
.line { height: 9mm; border-bottom: 1px solid #777; }
.box { border: 1.5px solid #333; border-radius: 2mm; }
.tick { display: inline-block; width: 7mm; height: 7mm; border: 1.5px solid #111; background: #fff; }
.cut-note { font-size: 10pt; color: #444; margin: 0 0 2mm; }
"""


def activity_label(activity: Activity) -> str:
    return f"Activity {activity.number}"


def esc(text: str | None) -> str:
    return escape(text or "", quote=True)


def sheet_head(content: CourseContent, activity_label: str, title: str | None = None,
               subtitle: str | None = None) -> str:
    """The heading that starts a sheet; it also names the course and activity in every page's
    footer (CSS ``string-set``), so a loose page still says where it belongs. Without a title,
    the label is the heading (a notes page is just "Notes")."""
    sub = f"<p class='subtitle'>{esc(subtitle)}</p>" if subtitle else ""
    label = (f"<p class='sheet-activity'>{esc(activity_label)}</p><h1>{esc(title)}</h1>" if title
             else f"<h1 class='sheet-activity sheet-only-title'>{esc(activity_label)}</h1>")
    return (
        "<header class='sheet-head'>"
        f"<p class='sheet-course'>{esc(content.course.title)}</p>"
        f"{label}{sub}</header>"
    )


def ruled_lines(count: int) -> str:
    # Empty boxes with a bottom border rather than a background image: they break across
    # pages one by one, and they print on every printer the same.
    return "<div class='lines' aria-hidden='true'>" + "<div class='line'></div>" * count + "</div>"


def tick_box() -> str:
    return "<span class='tick' aria-hidden='true'></span>"


def question_prompt(question: Question, heading: str = "h2") -> str:
    """A question as the toolkit prints it: the question, the hint intro, the hints, the examples."""
    parts = [f"<{heading}>{esc(question.text)}</{heading}>"]
    if question.hint_intro:
        parts.append(f"<p class='hint-intro'>{esc(question.hint_intro)}</p>")
    if question.hints:
        parts.append("<ul class='hints'>" + "".join(f"<li>{esc(h)}</li>" for h in question.hints) + "</ul>")
    if question.examples:
        parts.append(f"<p class='examples'>{esc(question.examples)}</p>")
    return "".join(parts)


def question_with_lines(question: Question, lines: int, intro: str | None = None) -> str:
    return f"<section class='question'>{paragraph(intro)}{question_prompt(question)}{ruled_lines(lines)}</section>"


def questions_with_lines(intro: str | None, questions: list[Question], lines: int) -> str:
    """Questions with room to write; the intro goes with the first question, so that a page
    break never leaves it alone at the foot of a page."""
    return "".join(question_with_lines(q, lines, intro if i == 0 else None) for i, q in enumerate(questions))


def paragraph(text: str | None, css_class: str = "intro") -> str:
    return f"<p class='{css_class}'>{esc(text)}</p>" if text else ""
