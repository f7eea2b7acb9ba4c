"""Voilà's page templates compiled once per server, instead of once per page.

Voilà renders every page through a new exporter (voila.notebook_renderer.NotebookRenderer makes a
VoilaExporter for each), and each exporter makes a new Jinja environment, which parses and
compiles coprod's template and the dozen templates it extends and imports all over again. That
was about 30 % of Voilà's CPU samples while a room arrived (py-spy), and measured in one process a
join page rendered in 78 to 86 ms, 11 to 14 ms with the compiled templates shared.

Jinja's bytecode cache is its own way to share compiled templates between environments: each page
still gets an environment of its own, with its own filters (a page's exporter registers filters
bound to itself), globals and template objects; only the code compiled from a template's source
is reused, and only while that source is unchanged (its checksum) and the environment compiles
alike (settings that change the code: async, extensions, syntax, autoescape).

Voilà has no setting for the exporter class: ``install`` puts SharedTemplatesExporter in place of
the name NotebookRenderer makes exporters by (the one patch of Voilà, listed in coprod.upstream).
"""

from __future__ import annotations

import threading
from types import CodeType

import jinja2
from voila.exporter import VoilaExporter


def compiled_alike(environment: jinja2.Environment) -> tuple:
    """What, besides a template's source, decides the code Jinja compiles from it."""
    return (environment.is_async, tuple(sorted(environment.extensions)), environment.autoescape,
            environment.optimized, environment.finalize, environment.block_start_string,
            environment.block_end_string, environment.variable_start_string, environment.variable_end_string,
            environment.comment_start_string, environment.comment_end_string, environment.line_statement_prefix,
            environment.line_comment_prefix, environment.trim_blocks, environment.lstrip_blocks,
            environment.newline_sequence, environment.keep_trailing_newline)


class SharedCode(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the server's life: a few templates, a few hundred
    kilobytes, as many entries as templates the server renders. The code objects themselves are
    kept (immutable, so shared safely), without marshalling them."""

    def __init__(self):
        self._code: dict[tuple, tuple[str, CodeType]] = {}
        self._lock = threading.Lock()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = self._code.get((bucket.key, compiled_alike(bucket.environment)))
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with self._lock:
            self._code[(bucket.key, compiled_alike(bucket.environment))] = (bucket.checksum, bucket.code)

    def clear(self) -> None:
        with self._lock:
            self._code.clear()

    def __len__(self) -> int:
        return len(self._code)


SHARED = SharedCode()


class SharedTemplatesExporter(VoilaExporter):
    """Voilà's exporter, whose Jinja environment takes templates compiled already from SHARED."""

    def _create_environment(self) -> jinja2.Environment:
        environment = super()._create_environment()
        environment.bytecode_cache = SHARED
        return environment


def install() -> None:
    """Render Voilà's pages with SharedTemplatesExporter, in this process (Voilà's)."""
    import voila.notebook_renderer

    voila.notebook_renderer.VoilaExporter = SharedTemplatesExporter
