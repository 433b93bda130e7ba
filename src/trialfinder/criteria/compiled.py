"""The criteria stages compiled with mypyc are used only if built from this very source.

An install compiles the hot stages (:data:`COMPILED`, ``setup.py``) where it can, and an
editable install puts the compiled modules beside their source, where Python imports them
first. A build is not redone when the source changes (an edit, a merge, a checkout), so
a compiled module could go on running code that no longer exists. The build records the
SHA-256 of each source it compiled (``compiled.json``); on importing
:mod:`trialfinder.criteria` this module compares them with the source as it is now, and
if any differs, or the record is missing, every stage is imported from its source (one
compiled module calls another directly, so they are used all together or not at all).

Imported for that effect by ``trialfinder/criteria/__init__.py`` before any stage.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

__all__ = [
    "COMPILED",
    "MANIFEST",
    "PACKAGE",
    "build_is_current",
    "compiled_files",
    "source_digests",
]

# The stages setup.py compiles: it loads this file alone (not the package, whose
# dependencies a build environment may lack) for this list, the manifest's name and the
# digests it records (:func:`source_digests`), so the build and this check agree.
PACKAGE = "trialfinder.criteria"
COMPILED = (
    "clean",
    "lexicon",
    "context",
    "sections",
    "split",
    "numbers",
    "units",
    "disease_stage",
    "tnm",
    "infection_tests",
    "disease_drugs",
    "therapy_lines",
    "parse",
)
MANIFEST = "compiled.json"


def compiled_files(directory: Path) -> dict[str, Path]:
    """The compiled modules of :data:`COMPILED` present in ``directory``, by stage."""
    return {
        name: directory / f"{name}{suffix}"
        for name in COMPILED
        for suffix in importlib.machinery.EXTENSION_SUFFIXES
        if (directory / f"{name}{suffix}").is_file()
    }


def source_digests(directory: Path) -> dict[str, str]:
    """The SHA-256 of each stage's source in ``directory``, by stage: what a build records
    in its manifest and what :func:`build_is_current` compares it with."""
    return {
        name: hashlib.sha256((directory / f"{name}.py").read_bytes()).hexdigest()
        for name in COMPILED
    }


def build_is_current(directory: Path) -> bool:
    """Whether ``directory``'s manifest names every stage with its source's digest now."""
    try:
        recorded = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError):
        return False
    return isinstance(recorded, dict) and all(
        recorded.get(name) == digest for name, digest in source_digests(directory).items()
    )


class _FromSource(importlib.abc.MetaPathFinder):
    """Finds the stages as their ``.py`` files, ahead of the compiled modules beside them."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != PACKAGE or name not in COMPILED:
            return None
        return importlib.util.spec_from_file_location(fullname, self.directory / f"{name}.py")


def _use_current_build() -> None:
    directory = Path(__file__).resolve().parent
    compiled = compiled_files(directory)
    if not compiled or (compiled.keys() == set(COMPILED) and build_is_current(directory)):
        return
    warnings.warn(
        f"compiled criteria stages in {directory} were not built from this source; "
        "importing the source (reinstall to compile again)",
        RuntimeWarning,
        stacklevel=2,
    )
    sys.meta_path.insert(0, _FromSource(directory))


# Imported with its package, not loaded alone by setup.py for its names and digests.
if __name__ == f"{PACKAGE}.compiled":
    _use_current_build()
