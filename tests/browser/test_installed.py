"""coprod as a user installs it: the sdist and the wheel built from this checkout, the wheel
installed into a fresh virtual environment outside it, then each command run from a folder of
its own, the join page of `coprod serve` rendered in Chromium. The course content, the notebooks
and the page template must come from the package itself."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, Visitor, free_port, stop_server

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def run(command: list[str], cwd: Path, env: dict, timeout: float = 600) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The built wheel installed into a fresh virtual environment; its bin folder and an
    environment that knows nothing of this checkout."""
    tmp = tmp_path_factory.mktemp("installed")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "COPROD_DATABASE_URL",
                                                              "COPROD_CONTENT", "COPROD_SERVE")}
    env["XDG_STATE_HOME"] = str(tmp / "state")
    run([sys.executable, "-m", "build", "--outdir", str(tmp / "dist"), str(ROOT)], tmp, env)
    wheels = list((tmp / "dist").glob("coprod-*.whl"))
    assert wheels and list((tmp / "dist").glob("coprod-*.tar.gz")), "no wheel or sdist was built"
    run([sys.executable, "-m", "venv", str(tmp / "venv")], tmp, env)
    run([str(tmp / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheels[0])], tmp, env,
        timeout=1200)
    work = tmp / "elsewhere"
    work.mkdir()
    return tmp / "venv" / "bin", work, env


def test_the_installed_commands_work_from_any_folder(installed):
    bin_, work, env = installed
    coprod = str(bin_ / "coprod")
    assert re.fullmatch(r"coprod \d+\.\d+\.\d+\S*\n", run([coprod, "--version"], work, env))
    # The package's own files, not this checkout's.
    location = run([str(bin_ / "python"), "-c", "import coprod; print(coprod.__file__)"], work, env)
    assert not location.startswith(str(ROOT)), location
    run([coprod, "init", "my-course"], work, env)
    assert (work / "my-course" / "content" / "course.yaml").is_file()
    assert (work / "my-course" / "notebooks" / "03-values.ipynb").is_file()
    assert "13 activities, all valid" in run([coprod, "check", "my-course"], work, env)
    assert "13 activities, all valid" in run([coprod, "check"], work, env)  # the course as it ships
    run([coprod, "sheets", "--sheet", "notes", "--output", "sheets"], work, env)
    assert (work / "sheets" / "notes.pdf").stat().st_size > 1000


def test_the_installed_server_serves_the_join_page(installed, browser):
    bin_, work, env = installed
    port = free_port()
    process = subprocess.Popen([str(bin_ / "coprod"), "serve", "--host", "127.0.0.1", "--port", str(port),
                                "--database", str(work / "room.sqlite3")],
                               cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    try:
        join = None
        deadline = time.monotonic() + 180
        while join is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                break
            lines.append(line)
            if m := re.search(r"Participants join at: (\S+)", line):
                join = m.group(1)
        assert join, "coprod serve printed no join link:\n" + "".join(lines)
        server = type("Installed", (), {"base": f"http://127.0.0.1:{port}"})()
        visitor = Visitor(browser, server, PHONE)
        page = visitor.open(join)
        expect(page.get_by_label("Your name (as others will see it)")).to_be_visible()
        visitor.close()
    finally:
        stop_server(process)
        lines.append(process.stdout.read())
    shown = "".join(lines)
    # A quiet start: coprod's lines only; Voilà's own went to the log file.
    assert "Voilà is running" not in shown and "not trusted" not in shown
    assert "Server log:" in shown
