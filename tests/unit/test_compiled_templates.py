"""Page templates compiled once per server (coprod.compiled_templates): a page's HTML is the same
byte for byte with and without them, rendered by Voilà's own NotebookRenderer with coprod's
template as `coprod serve` configures it; and compiled code is reused only where it is right to."""

from __future__ import annotations

import asyncio
import threading

import jinja2
import pytest
import voila.notebook_renderer
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_server.services.contents.largefilemanager import LargeFileManager
from traitlets.config import Config
from voila.configuration import VoilaConfiguration
from voila.paths import collect_template_paths

from coprod import compiled_templates, serve
from coprod.compiled_templates import SharedCode, SharedTemplatesExporter


def on_a_loop_of_its_own(coroutine):
    """Run on a loop in a thread of its own: the browser tests' Playwright keeps one in this one."""
    outcome = {}

    def run():
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # raised again in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.fixture
def render(monkeypatch):
    """A page's HTML as Voilà renders it under `coprod serve` (its template, theme, stripped
    sources), the kernel left out: its id is made up and the cells come back as they are."""
    monkeypatch.setenv("JUPYTER_PATH", str(serve.TEMPLATE_ROOT))
    template_paths = collect_template_paths(["voila", "nbconvert"], "coprod", prune=True)
    config = Config({"VoilaConfiguration": {"template": "coprod", "theme": "light", "strip_sources": True}})

    async def kernel_start(_nb, kernel_id=None, kernel_future=None):
        return "a-kernel-id"

    async def cells(nb, _kernel_id):
        for cell in nb.cells:
            yield cell

    async def noop(*_args):
        pass

    async def rendered(page: str) -> tuple[str, type]:
        renderer = voila.notebook_renderer.NotebookRenderer(
            voila_configuration=VoilaConfiguration(config=config), traitlet_config=config, notebook_path=page,
            template_paths=template_paths, base_url="/",
            # Made in the thread that renders, as Voilà uses its own: its notebook notary's SQLite is the thread's.
            contents_manager=LargeFileManager(root_dir=str(serve.NOTEBOOKS)),
            kernel_spec_manager=KernelSpecManager(), page_config={"baseUrl": "/"}, mathjax_config="x",
            mathjax_url="y")
        await renderer.initialize()
        renderer._jinja_kernel_start = kernel_start
        renderer._jinja_cell_generator = cells
        renderer._jinja_notebook_execute = renderer._cleanup_resources = noop
        return await renderer.generate_content_str(), type(renderer.exporter)

    return lambda page: on_a_loop_of_its_own(rendered(page))


@pytest.fixture
def compiles(monkeypatch) -> list[str]:
    """The templates Jinja compiles from here on, by name."""
    compiled = []
    original = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return compiled


@pytest.mark.parametrize("page", serve.ROOM_PAGES)
def test_a_page_is_the_same_with_its_templates_compiled_once_and_they_are_not_compiled_again(
        page, render, compiles, monkeypatch):
    as_voila_does, exporter = render(page)
    assert exporter is voila.notebook_renderer.VoilaExporter is not SharedTemplatesExporter
    assert "coprod.css" in as_voila_does and 'role="main"' in as_voila_does  # coprod's template
    compiled_by_voila = len(compiles)
    assert compiled_by_voila >= 5  # coprod's template, Voilà's and nbconvert's under it

    monkeypatch.setattr(voila.notebook_renderer, "VoilaExporter", voila.notebook_renderer.VoilaExporter)
    monkeypatch.setattr(compiled_templates, "SHARED", SharedCode())
    compiled_templates.install()
    compiles.clear()
    first, exporter = render(page)
    assert exporter is SharedTemplatesExporter
    assert len(compiles) == compiled_by_voila  # the first page compiles them, once
    compiles.clear()
    again, _ = render(page)
    assert compiles == []  # every later page takes them compiled
    assert first == again == as_voila_does


def test_a_template_changed_on_disk_is_compiled_again(tmp_path):
    shared = SharedCode()
    (tmp_path / "page.html").write_text("Hello {{ name }}")

    def render() -> str:
        environment = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), bytecode_cache=shared)
        return environment.get_template("page.html").render(name="room")

    assert render() == "Hello room" and len(shared) == 1
    (tmp_path / "page.html").write_text("Goodbye {{ name }}")
    assert render() == "Goodbye room"


def test_code_compiled_by_one_environment_is_never_run_by_one_that_compiles_otherwise():
    """Autoescaping, async rendering or another syntax compile the same source into other code."""
    shared = SharedCode()
    templates = {"t.html": "{{ text }}{% if false %}{% endif %}"}

    def environment(**settings) -> jinja2.Environment:
        return jinja2.Environment(loader=jinja2.DictLoader(templates), bytecode_cache=shared, **settings)

    assert environment().get_template("t.html").render(text="<b>") == "<b>"
    assert environment(autoescape=True).get_template("t.html").render(text="<b>") == "&lt;b&gt;"
    template = environment(enable_async=True).get_template("t.html")
    assert on_a_loop_of_its_own(template.render_async(text="<b>")) == "<b>"
    assert environment().get_template("t.html").render(text="<b>") == "<b>"
    assert len(shared) == 3  # one compiled code for each way of compiling
