"""`coprod serve` and bare `coprod`: what Voilà is started with, and what is printed."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from coprod import serve
from coprod.cli import cli
from coprod.content import DEFAULT_CONTENT_DIR
from coprod.store import Store, database_url


@pytest.fixture
def captured(monkeypatch):
    calls = []
    monkeypatch.setattr(serve, "run", lambda **kwargs: calls.append(kwargs))
    return calls


def test_bare_coprod_runs_serve_with_its_defaults(captured, monkeypatch):
    monkeypatch.delenv("COPROD_DATABASE_URL", raising=False)
    result = CliRunner().invoke(cli, [])
    assert result.exit_code == 0, result.output
    [kwargs] = captured
    assert kwargs["host"] == "0.0.0.0" and kwargs["port"] == 8866 and kwargs["database"] is None
    assert kwargs["debug"] is False


def test_serve_options_and_environment(captured, monkeypatch):
    monkeypatch.setenv("COPROD_DATABASE_URL", "sqlite:////tmp/from-env.sqlite3")
    CliRunner().invoke(cli, ["serve", "--port", "9001", "--host", "127.0.0.1", "--workshop", "Leeds"])
    CliRunner().invoke(cli, ["serve", "--database", "sqlite:////tmp/explicit.sqlite3"])
    # without --database, the store's own lookup finds COPROD_DATABASE_URL
    assert captured[0]["database"] is None
    assert database_url(captured[0]["database"]) == "sqlite:////tmp/from-env.sqlite3"
    assert (captured[0]["port"], captured[0]["host"], captured[0]["workshop_name"]) == (9001, "127.0.0.1", "Leeds")
    assert captured[1]["database"] == "sqlite:////tmp/explicit.sqlite3"


def test_behind_a_proxy_the_links_name_the_public_address(tmp_path, monkeypatch, capsys):
    started = {}
    monkeypatch.setattr(serve, "run_voila", lambda command, env, *, host, port, announce, **_: (
        started.update(env=env), announce()))
    serve.run(host="127.0.0.1", port=9002, database=f"sqlite:///{tmp_path / 'x.sqlite3'}", workshop_name="Leeds",
              content_dir=DEFAULT_CONTENT_DIR, debug=False, public_url="https://coprod.example.ac.uk/")
    printed = capsys.readouterr().out
    assert "Participants join at: https://coprod.example.ac.uk/voila/render/index.ipynb?code=" in printed
    assert "Facilitator's link (keep it private): https://coprod.example.ac.uk/voila/render/facilitator" in printed
    # The projector's own link, which opens the presenter view and nothing else.
    [presenter] = re.findall(r"Presenter view, for the projector \(it only shows\): (\S+)", printed)
    assert presenter.startswith("https://coprod.example.ac.uk/voila/render/presenter.ipynb?v=")
    store = Store(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    token = presenter.split("?v=")[1]
    assert store.workshop_for_presenter(token).name == "Leeds" and store.workshop_for_facilitator(token) is None
    store.dispose()
    assert started["env"]["COPROD_PUBLIC_URL"] == "https://coprod.example.ac.uk/voila/render"  # the QR codes
    refused = CliRunner().invoke(cli, ["serve", "--public-url", "coprod.example.ac.uk"])
    assert refused.exit_code == 2 and "not a web address" in refused.output


def test_bad_port_is_refused_clearly():
    result = CliRunner().invoke(cli, ["serve", "--port", "99999"])
    assert result.exit_code == 2 and "99999" in result.output and "Traceback" not in result.output


def test_voila_runs_locked_down():
    command = serve.voila_command(host="127.0.0.1", port=9000, debug=False)
    # standalone Voilà (with coprod's fix to its websocket handler): never the /voila/render server extension
    assert command[1:3] == ["-m", "coprod.voila_main"]
    for flag in ("--template=coprod", "--VoilaConfiguration.strip_sources=True",
                 "--VoilaConfiguration.show_tracebacks=False", "--VoilaConfiguration.allow_template_override=NO",
                 "--VoilaConfiguration.allow_theme_override=NO", "--Voila.port_retries=0", "--no-browser",
                 "--MappingKernelManager.cull_idle_timeout=900", "--port=9000", "--Voila.ip=127.0.0.1"):
        assert flag in command
    assert "--debug" not in command
    debug = serve.voila_command(host="127.0.0.1", port=9000, debug=True)
    assert "--VoilaConfiguration.show_tracebacks=True" in debug and "--debug" in debug


def test_only_the_participant_page_is_preheated_with_a_pool_sized_from_the_cap(tmp_path):
    import re

    from voila.voila_kernel_manager import voila_kernel_manager_factory

    command = serve.voila_command(host="127.0.0.1", port=9000, debug=False, max_pages=40)
    assert "--VoilaConfiguration.preheat_kernel=True" in command
    assert "--VoilaConfiguration.default_pool_size=4" in command
    assert [serve.default_preheat(pages) for pages in (8, 10, 25, 40, 150)] == [1, 1, 2, 4, 4]
    off = serve.voila_command(host="127.0.0.1", port=9000, debug=False, max_pages=40, preheat=0)
    assert not any("preheat" in flag or "pool_size" in flag for flag in off)
    # Voilà matches the denylist against each notebook's absolute path, as its own filter does.
    [denied] = [f for f in command if f.startswith("--VoilaKernelManager.preheat_denylist=")]
    pattern = re.search(r"\['(.*)'\]", denied).group(1)
    manager = voila_kernel_manager_factory(object, True, 1)
    matches = SimpleNamespace(preheat_denylist=[pattern])
    for notebook in serve.NOTEBOOKS.glob("*.ipynb"):
        assert manager._notebook_filter(matches, notebook) == (notebook.name == "index.ipynb"), notebook.name
    assert re.match(pattern, "/x/notebooks/index.ipynb.bak") and not re.match(pattern, "index.ipynb")


def test_kernels_get_the_store_and_content_and_find_the_template(tmp_path, monkeypatch, fresh_store):
    monkeypatch.setenv("JUPYTER_PATH", "/elsewhere")
    env = serve.voila_environment(url="sqlite:////tmp/x.sqlite3", content_dir=tmp_path,
                                  public_url="http://10.1.2.3:8866/voila/render")
    assert env["COPROD_SERVE"] == "1" and env["COPROD_DATABASE_URL"] == "sqlite:////tmp/x.sqlite3"
    assert env["COPROD_PUBLIC_URL"] == "http://10.1.2.3:8866/voila/render"
    assert env["COPROD_CONTENT_DIR"] == str(tmp_path)
    first, rest = env["JUPYTER_PATH"].split(":", 1)
    assert (serve.TEMPLATE_ROOT / "voila" / "templates" / "coprod" / "index.html.j2").exists()
    assert first == str(serve.TEMPLATE_ROOT) and rest == "/elsewhere"


def test_open_workshop_reopens_by_code_or_name(fresh_store: Store):
    made, _ = fresh_store.create_workshop("Leeds, March")
    assert serve.open_workshop(fresh_store, made.code.lower()) == made
    assert serve.open_workshop(fresh_store, "Leeds, March") == made
    other = serve.open_workshop(fresh_store, "Sheffield")
    assert other.name == "Sheffield" and other.id != made.id
    dated = serve.open_workshop(fresh_store, None)
    assert dated.name.startswith("Workshop ")
    fresh_store.set_archived(made, True)
    reopened = serve.open_workshop(fresh_store, made.code)
    assert reopened.id == made.id and reopened.open and not reopened.archived


def test_busy_port_is_refused_before_anything_starts(tmp_path, capsys):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(SystemExit) as exited:
            serve.run(host="127.0.0.1", port=port, database=f"sqlite:///{tmp_path / 'w.sqlite3'}",
                      workshop_name=None, content_dir=DEFAULT_CONTENT_DIR, debug=False)
    assert exited.value.code == 1
    assert f"Port {port} is already in use" in capsys.readouterr().err
    assert not (tmp_path / "w.sqlite3").exists()


def test_broken_content_stops_serve_with_the_problems(tmp_path, capsys):
    (tmp_path / "course.yaml").write_text("schema_version: 1\ntitle: [unclosed\n")
    with pytest.raises(SystemExit):
        serve.run(host="127.0.0.1", port=1, database="sqlite://", workshop_name=None, content_dir=tmp_path,
                  debug=False)
    err = capsys.readouterr().err
    assert "course.yaml" in err and "invalid YAML" in err and "Traceback" not in err


def test_the_terminal_shows_coprod_s_lines_and_voila_s_go_to_the_log(tmp_path, capsys):
    """Voilà's banner (with a link that is not the one to use) and its notebooks' trust warnings
    went to the terminal before coprod's own lines."""
    import signal
    import sys

    from tests.browser.conftest import free_port

    port = free_port()
    voila_like = (f"import socket, time; print('Voilà is running at: http://vm:{port}/', flush=True); "
                  "print('[Voila] WARNING | Notebook index.ipynb is not trusted', flush=True); "
                  f"s = socket.socket(); s.bind(('127.0.0.1', {port})); s.listen(); time.sleep(60)")
    log = tmp_path / "serve.log"

    def stop_soon():  # as Ctrl+C would, once coprod has said what it says
        import os
        import threading

        threading.Timer(1, os.kill, (os.getpid(), signal.SIGTERM)).start()

    old = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        serve.run_voila([sys.executable, "-c", voila_like], {}, host="127.0.0.1", port=port, log_file=str(log),
                        cwd=tmp_path, announce=lambda: (print("Join code: ABCDEF"), stop_soon()))
    finally:
        for signum, handler in old.items():
            signal.signal(signum, handler)
    printed = capsys.readouterr()
    shown = printed.out + printed.err
    assert "Join code: ABCDEF" in shown and f"Server log: {log}" in shown
    assert "Voilà is running" not in shown and "not trusted" not in shown
    logged = log.read_text()
    assert "Voilà is running at" in logged and "is not trusted" in logged
