"""A diverging stacked bar chart of ratings on an ordered scale, as inline SVG.

The lower half of the scale extends left of zero and the upper half right, with the
neutral option centred on zero; each segment is labelled with its count. Colours are from
ColorBrewer's PuOr (orange to purple, safe for the common colour-vision deficiencies),
with a mid grey for neutral, thin dark edges so that light segments stand out from the
page, and black or white labels, whichever contrasts more. Text stays text in the SVG
(``svg.fonttype = 'none'``), so it can be read, searched and printed sharply.

matplotlib is imported only here and only when a chart is drawn; charts are cached by
what they show, so a board redrawn every second draws one only when the counts change.
"""

from __future__ import annotations

import io
import re
import textwrap
from functools import lru_cache

PUOR_5 = ("#b35806", "#f1a340", "#c8c8c8", "#998ec3", "#542788")
EDGE = "#222222"
INK = "#111111"


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def label_colour(fill: str) -> str:
    return "#ffffff" if contrast(fill, "#ffffff") >= contrast(fill, "#000000") else "#000000"


def colours(n: int) -> list[str]:
    """n colours from orange (lowest) to purple (highest); grey in the middle if n is odd."""
    if n == 5:
        return list(PUOR_5)
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps["PuOr"]
    picked = [to_hex(cmap(0.05 + 0.9 * i / max(n - 1, 1))) for i in range(n)]
    if n % 2:
        picked[n // 2] = PUOR_5[2]
    return picked


def layout(counts: tuple[int, ...]) -> list[tuple[float, int]]:
    """(left edge, width) of each option's segment: neutral centred on zero."""
    n = len(counts)
    middle = n // 2 if n % 2 else None
    edges: list[tuple[float, int]] = [(0.0, 0)] * n
    left = -(counts[middle] / 2) if middle is not None else 0.0
    if middle is not None:
        edges[middle] = (left, counts[middle])
    for i in range((middle if middle is not None else n // 2) - 1, -1, -1):  # outwards to the left
        left -= counts[i]
        edges[i] = (left, counts[i])
    right = counts[middle] / 2 if middle is not None else 0.0
    for i in range((middle + 1) if middle is not None else n // 2, n):
        edges[i] = (right, counts[i])
        right += counts[i]
    return edges


@lru_cache(maxsize=32)
def diverging_svg(statements: tuple[str, ...], scale: tuple[str, ...], counts: tuple[tuple[int, ...], ...],
                  ident: str = "coprod-chart") -> str:
    """The chart as an <svg> element (no XML prolog), its ids prefixed with ``ident``."""
    import matplotlib
    from matplotlib.figure import Figure  # no pyplot: no global state, no GUI backend

    fills = colours(len(scale))
    wrapped = ["\n".join(textwrap.wrap(s, 38)) for s in statements]
    lines = sum(w.count("\n") + 1 for w in wrapped)
    height = 1.3 + 0.22 * lines + 0.12 * len(statements)
    rc = {"svg.fonttype": "none", "svg.hashsalt": ident, "font.family": ["DejaVu Sans"], "font.size": 9,
          "text.color": INK, "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK}
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(7.0, height), layout="constrained")
        ax = fig.add_subplot()
        for row, row_counts in enumerate(counts):
            for option, (left, width) in enumerate(layout(row_counts)):
                if not width:
                    continue
                ax.barh(row, width, left=left, height=0.62, color=fills[option], edgecolor=EDGE, linewidth=0.6,
                        label=scale[option] if row == 0 else None)
                ax.text(left + width / 2, row, str(width), ha="center", va="center", fontsize=9,
                        fontweight="bold", color=label_colour(fills[option]), zorder=3)
        # Every option in the legend, in scale order, even one nobody chose.
        from matplotlib.patches import Patch

        # One row above the plot, read left to right in the scale's order.
        handles = [Patch(facecolor=f, edgecolor=EDGE, linewidth=0.6, label=s) for f, s in zip(fills, scale,
                                                                                              strict=True)]
        fig.legend(handles=handles, loc="outside upper center", ncol=min(len(scale), 5), frameon=False, fontsize=8,
                   handlelength=1.0, handletextpad=0.4, columnspacing=0.9)
        reach = max((max(-left, left + width) for row in counts for left, width in layout(row)), default=1)
        ax.set_xlim(-reach - 0.4, reach + 0.4)
        ax.axvline(0, color=EDGE, linewidth=1, zorder=0.5)  # behind the bars and their counts
        ax.set_yticks(range(len(statements)), wrapped)
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda x, _pos: f"{abs(round(x))}"))
        ax.set_xlabel(f"Number of people ({scale[0].lower()}: left; {scale[-1].lower()}: right)")
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="y", length=0)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    svg = out.getvalue()
    svg = svg[svg.index("<svg"):]
    # Prefix every id (and reference to one) so that two charts on a page never share ids.
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{ident}-{m.group(1)}"', svg)
    svg = re.sub(r'url\(#([^)]+)\)', lambda m: f"url(#{ident}-{m.group(1)})", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{ident}-{m.group(1)}"', svg)
    return svg.replace("<svg ", "<svg aria-hidden='true' focusable='false' ", 1)
