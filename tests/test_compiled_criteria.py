"""The criteria stages compiled with mypyc run only when built from the source beside them.

An install compiles the hot stages (``setup.py``); an editable install leaves the
compiled modules beside the source, where Python would import them even after the
source changed. ``trialfinder.criteria.compiled`` imports the source instead whenever
the build's record of its sources differs from them. These tests run against whatever
the install built: compiled stages where a build is current, the source otherwise.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
from importlib.machinery import ExtensionFileLoader
from pathlib import Path

import msgspec

import trialfinder.criteria
from conftest import API_V2_STUDIES, LEGACY_XML_SAMPLE, shared_path
from trialfinder.criteria.compiled import (
    COMPILED,
    MANIFEST,
    _FromSource,
    build_is_current,
    compiled_files,
    source_digests,
)
from trialfinder.criteria.lexicon import tokenize_lowered
from trialfinder.criteria.tables import (
    DiseaseDrugTable,
    InfectionTestRules,
    StageRules,
    TestName,
    TnmRules,
)
from trialfinder.ingest import iter_records


def _stages(directory: Path) -> None:
    for name in COMPILED:
        (directory / f"{name}.py").write_text(f"STAGE = {name!r}\n")


def _record(directory: Path) -> None:
    digests = {
        name: hashlib.sha256((directory / f"{name}.py").read_bytes()).hexdigest()
        for name in COMPILED
    }
    (directory / MANIFEST).write_text(json.dumps(digests))


def test_a_build_is_current_while_every_source_is_the_one_compiled(tmp_path: Path) -> None:
    _stages(tmp_path)
    assert not build_is_current(tmp_path)  # no record: never built here
    _record(tmp_path)
    assert build_is_current(tmp_path)
    (tmp_path / "parse.py").write_text("STAGE = 'edited after the build'\n")
    assert not build_is_current(tmp_path)


def test_a_damaged_build_record_is_no_current_build(tmp_path: Path) -> None:
    _stages(tmp_path)
    (tmp_path / MANIFEST).write_text("not json")
    assert not build_is_current(tmp_path)
    (tmp_path / MANIFEST).write_text(json.dumps(["parse"]))
    assert not build_is_current(tmp_path)


def test_stale_compiled_stages_are_imported_from_their_source(tmp_path: Path) -> None:
    finder = _FromSource(tmp_path)
    spec = finder.find_spec("trialfinder.criteria.parse", None)
    assert spec is not None and spec.origin == str(tmp_path / "parse.py")
    assert finder.find_spec("trialfinder.criteria.model", None) is None
    assert finder.find_spec("trialfinder.parse", None) is None


def test_the_stages_run_compiled_only_from_a_current_build() -> None:
    directory = Path(trialfinder.criteria.__file__).resolve().parent
    compiled = compiled_files(directory)
    current = compiled.keys() == set(COMPILED) and build_is_current(directory)
    for name in COMPILED:
        module = sys.modules[f"trialfinder.criteria.{name}"]
        # (A compiled module's __file__ is mypyc's guess, not its path: its loader tells.)
        assert isinstance(module.__loader__, ExtensionFileLoader) == current
        if not current:
            assert module.__file__ is not None
            assert Path(module.__file__).resolve() == directory / f"{name}.py"


def test_greek_words_lowercase_as_python_does_with_a_final_sigma() -> None:
    # mypyc's own str.lower (before Python 3.13) gives "zσ" here; the build keeps Python's.
    assert tokenize_lowered("ZΣ ΟΔΥΣΣΕΥΣ.")[1] == ["zς", "οδυσσευς"]


def test_the_build_loads_the_check_alone_without_changing_how_stages_import() -> None:
    """``setup.py`` loads this check's file alone for the stages, the manifest's name and
    the digests a build records (one place names them); loaded so, it leaves the import
    system as it was, and its digests are the ones a current build is judged by."""
    directory = Path(trialfinder.criteria.__file__).resolve().parent
    spec = importlib.util.spec_from_file_location("_build_check", directory / "compiled.py")
    assert spec is not None and spec.loader is not None
    finders = list(sys.meta_path)
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    assert sys.meta_path == finders
    assert check.COMPILED == COMPILED
    assert check.source_digests(directory) == source_digests(directory)


# Run in a fresh interpreter: puts the source finder first (the compiled check loaded alone,
# as setup.py loads it), then parses the given records and prints each parse's digest and
# whether any stage was imported compiled.
_PARSE_FROM_SOURCE = """
import hashlib, importlib.util, json, sys
from pathlib import Path
root = importlib.util.find_spec("trialfinder").submodule_search_locations[0]
directory = Path(root, "criteria")
spec = importlib.util.spec_from_file_location("_check", directory / "compiled.py")
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)
sys.meta_path.insert(0, check._FromSource(directory))
from importlib.machinery import ExtensionFileLoader
from trialfinder.criteria import encode_criteria, parse_trial_criteria
from trialfinder.ingest import iter_records
digests = {
    r.trial.nct_id: hashlib.sha256(encode_criteria(parse_trial_criteria(r.trial))).hexdigest()
    for r in iter_records([Path(p) for p in sys.argv[1:]])
    if r.trial is not None
}
compiled = [n for n in check.COMPILED
            if isinstance(sys.modules["trialfinder.criteria." + n].__loader__, ExtensionFileLoader)]
print(json.dumps({"compiled": compiled, "digests": digests}))
"""


def test_the_stages_parse_every_real_trial_as_their_source_does() -> None:
    """Whatever this install runs (compiled stages where a build is current) parses each
    real trial to the same bytes as every stage imported from its source."""
    paths = [shared_path(API_V2_STUDIES), shared_path(LEGACY_XML_SAMPLE)]
    here = {
        record.trial.nct_id: hashlib.sha256(
            trialfinder.criteria.encode_criteria(
                trialfinder.criteria.parse_trial_criteria(record.trial)
            )
        ).hexdigest()
        for record in iter_records(paths)
        if record.trial is not None
    }
    run = subprocess.run(
        [sys.executable, "-c", _PARSE_FROM_SOURCE, *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
    )
    from_source = json.loads(run.stdout)
    assert from_source["compiled"] == []
    assert len(here) == 293
    assert from_source["digests"] == here


def test_the_data_tables_of_the_stages_are_msgspec_structs() -> None:
    """The tables the compiled stages decode their data files into stay msgspec Structs
    (defined in the uncompiled ``criteria.tables``): a Struct defined in a compiled module
    would be a plain class that msgspec cannot decode into."""
    for table in (DiseaseDrugTable, InfectionTestRules, StageRules, TestName, TnmRules):
        assert issubclass(table, msgspec.Struct)
        assert not isinstance(sys.modules[table.__module__].__loader__, ExtensionFileLoader)
