"""Project-wide promises: commands documented, public names explicit, layers as documented."""

from __future__ import annotations

import importlib
import pkgutil
import re
import tomllib
from pathlib import Path
from typing import Any

import click
import pytest

import trialfinder
from trialfinder.cli import main

REPO = Path(__file__).resolve().parents[1]
MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(trialfinder.__path__, prefix="trialfinder.")
    # criteria__mypyc: the shared library of the compiled criteria stages (setup.py), which
    # mypyc writes, no module of ours.
    if not info.name.endswith(("__main__", "__mypyc"))
)


def _command_paths(group: click.Group, prefix: str = "trialfinder") -> list[str]:
    paths = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        paths.append(path)
        if isinstance(command, click.Group):
            paths.extend(_command_paths(command, path))
    return paths


@pytest.mark.parametrize("command_path", _command_paths(main))
def test_every_cli_command_is_documented_in_the_readme(command_path: str) -> None:
    readme = (REPO / "README.md").read_text()
    assert command_path in readme, f"README.md does not document `{command_path}`"


def test_readme_opens_with_the_two_setup_commands() -> None:
    opening = "\n".join((REPO / "README.md").read_text().splitlines()[:15])
    assert "make run" in opening and "make test" in opening


def test_ci_runs_exactly_make_test() -> None:
    script = (REPO / ".ci" / "run").read_text()
    assert re.search(r"^make test$", script, re.MULTILINE)


@pytest.mark.parametrize("module_name", MODULES)
def test_every_module_declares_all_and_each_name_exists(module_name: str) -> None:
    module = importlib.import_module(module_name)
    exported = getattr(module, "__all__", None)
    assert isinstance(exported, list), f"{module_name} has no __all__ list"
    for name in exported:
        assert hasattr(module, name), f"{module_name}.__all__ names missing {name!r}"


def test_product_code_never_reads_the_shared_folder() -> None:
    for path in (REPO / "src").rglob("*.py"):
        text = path.read_text()
        assert "../shared" not in text and "shared/data" not in text, path


def _contracts() -> list[dict[str, Any]]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    contracts: list[dict[str, Any]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _contract_layers() -> list[set[str]]:
    (layers,) = [contract for contract in _contracts() if contract["type"] == "layers"]
    return [
        {name.strip().strip("()") for name in re.split(r"[:|]", layer)}
        for layer in layers["layers"]
    ]


def _documented_layers() -> list[set[str]]:
    document = (REPO / "docs" / "architecture.md").read_text()
    marker = document.index("<!-- layers:")
    diagram = document[marker:].split("```")[1]
    rows = [re.match(r"^[a-z]+ {2,}(\S.*)$", line) for line in diagram.splitlines()]
    return [{name.strip() for name in re.split(r"[·|]", row.group(1))} for row in rows if row]


def test_architecture_diagram_names_the_layers_of_the_import_contract() -> None:
    assert _documented_layers() == _contract_layers()


@pytest.mark.parametrize(
    "contract_id", [contract["id"] for contract in _contracts() if contract["type"] != "layers"]
)
def test_architecture_document_names_every_import_contract(contract_id: str) -> None:
    assert f"`{contract_id}`" in (REPO / "docs" / "architecture.md").read_text()
