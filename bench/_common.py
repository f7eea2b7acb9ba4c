"""What the benchmarks share: the machine they ran on, percentiles, and a printed table.

Every benchmark measures coprod against a baseline in the same run where the issue asks
for a ratio: this machine is noisy (two cores shared with Chromium and the kernels), so
only figures taken side by side are compared.
"""

from __future__ import annotations

import math
import os
import platform
import secrets
import statistics
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib.metadata import version


def machine() -> str:
    """One line: when, where and with what the figures were taken."""
    import psutil

    packages = ", ".join(f"{name} {version(name)}" for name in ("voila", "ipywidgets", "anywidget", "ipykernel"))
    memory = psutil.virtual_memory().total / 2**30
    return (f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {platform.platform()}; {os.cpu_count()} cores, "
            f"{memory:.0f} GiB; Python {platform.python_version()}; {packages}")


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100), nearest rank: a value that was actually measured."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(values: Sequence[float]) -> dict[str, float]:
    return {"n": len(values), "p50": percentile(values, 50), "p95": percentile(values, 95),
            "mean": statistics.fmean(values) if values else math.nan, "max": max(values, default=math.nan)}


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (pastes into bench/README.md as it is)."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    return "\n".join([line(headers), "| " + " | ".join("-" * w for w in widths) + " |", *map(line, cells)])


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "nan" if math.isnan(value) else f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)


def report(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]], notes: Sequence[str] = ()) -> None:
    print(f"\n## {title}\n\n{machine()}\n")
    print(table(headers, rows))
    for note in notes:
        print(f"\n{note}")


@contextmanager
def postgres_schema(base: str) -> Iterator[str]:
    """A schema of our own on the PostgreSQL server at ``base``, as tests/conftest.py makes one:
    nothing else there is touched, and the schema is dropped even when the bench fails. Yields a
    URL whose every connection, by any engine in any process (each kernel's), works in it."""
    from sqlalchemy import create_engine, make_url, text
    from sqlalchemy.pool import NullPool

    name = f"bench_{secrets.token_hex(6)}"
    admin = create_engine(base, poolclass=NullPool)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {name}"))
    try:
        yield make_url(base).update_query_dict({"options": f"-c search_path={name}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text("SET LOCAL lock_timeout = '20s'"))  # a connection left in a transaction: fail, not hang
            conn.execute(text(f"DROP SCHEMA {name} CASCADE"))
        admin.dispose()
