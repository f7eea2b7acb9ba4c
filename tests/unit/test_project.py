"""Things that must not drift: dependencies, docs, notebooks, the quick start."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import click
import yaml

from coprod.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement, maxsplit=1)[0].lower()


def _spec(requirement: str) -> str:
    # Extras are pip's business: conda-forge packages carry no `[binary]`.
    return re.sub(r"^\[[^\]]*\]", "", requirement[len(_name(requirement)):].replace(" ", ""))


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r): _spec(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    listed = {}
    for entry in env:
        for requirement in entry["pip"] if isinstance(entry, dict) else [entry]:
            if not requirement.startswith(("-", "python", "pip")):
                listed[_name(requirement)] = _spec(requirement)
    assert listed == wanted


def test_readme_quick_start_is_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"## Quick start\s+```sh\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make serve", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def _commands(group: click.Group, prefix: str = "coprod"):
    """Every command under a click group, subcommands of groups included, with its full name."""
    for name, command in group.commands.items():
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix} {name}")


def test_every_cli_command_and_option_is_documented():
    readme = (ROOT / "README.md").read_text()
    names = [name for name, _ in _commands(cli)]
    assert "coprod export answers" in names  # the walk reaches into groups
    for name, command in _commands(cli):
        assert name in readme, f"`{name}` is not in the README"
        for param in command.params:
            if isinstance(param, click.Option):
                for opt in param.opts:
                    assert f"`{opt}`" in readme, f"{opt} of {name} is not in the README"


def test_every_activity_has_a_thin_notebook(content):
    notebooks = ROOT / "coprod" / "notebooks"
    for path in sorted((ROOT / "coprod" / "course" / "activities").glob("*.yaml")):
        notebook = notebooks / f"{path.stem}.ipynb"
        assert notebook.exists(), f"no notebook for {path.name}"
    # An extension that course.yaml enables has one too, named by its number and id
    # (00-ladder-of-co-production.ipynb). A disabled one is not part of the course: a
    # notebook could not open it, so none is required.
    for extension in content.extensions:
        notebook = notebooks / f"{content.activity(extension).number:02d}-{extension}.ipynb"
        assert notebook.exists(), f"no notebook for extensions/{extension}.yaml (want {notebook.name})"
        code = "".join("".join(c["source"]) for c in json.loads(notebook.read_text())["cells"])
        assert f'activity("{extension}")' in code, f"{notebook.name} opens another activity"
    for notebook in notebooks.glob("*.ipynb"):
        cells = json.loads(notebook.read_text())["cells"]
        code = [line for c in cells if c["cell_type"] == "code" for line in "".join(c["source"]).splitlines()
                if line.strip() and not line.strip().startswith("#")]
        if notebook.name == "analysis.ipynb":
            # A catalogue of the analysis functions, one short call a cell: many cells, no logic.
            lines = [len([line for line in "".join(c["source"]).splitlines() if line.strip()])
                     for c in cells if c["cell_type"] == "code"]
            assert max(lines) <= 3, f"{notebook.name} holds logic: keep it in the package"
        else:
            assert len(code) <= 12, f"{notebook.name} holds logic: keep it in the package"
    assert (notebooks / "index.ipynb").exists() and (notebooks / "facilitator.ipynb").exists()
