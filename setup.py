"""The build: trialfinder's criteria stages compiled with mypyc where that is possible.

Everything else about the package is declared in ``pyproject.toml``; this file only adds
the compiled modules. The criteria parse is the largest CPU cost of an ingest (one parse
a study), and compiling its stages (:data:`COMPILED`) takes ~20% off it. The source stays
the reference: when mypyc or a C compiler is missing, when compilation fails, or with
``TRIALFINDER_PURE_PYTHON=1``, the package installs as pure Python and behaves the same.

A build writes :data:`MANIFEST` beside the compiled modules: the SHA-256 of each source
they were compiled from. ``trialfinder.criteria.compiled`` reads it at import, and when
any source has changed since (an edit, a merge, a checkout in an editable install) it
imports every stage from its source instead, so a stale build never shadows the code.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

SOURCE_DIR = Path("src", "trialfinder", "criteria")


def _build_check() -> ModuleType:
    """``criteria/compiled.py``, which checks the build at import: the one place the
    stages, the manifest and their sources' digests are named. Loaded from its file
    alone (it needs only the standard library), not imported with its package, whose
    dependencies the build environment may lack."""
    spec = importlib.util.spec_from_file_location(
        "_trialfinder_build_check", SOURCE_DIR / "compiled.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The msgspec Structs these modules use are defined in criteria/tables.py and
# criteria/intermediate.py, left interpreted: mypyc makes a Struct defined in a compiled
# module a plain class.
_CHECK = _build_check()
PACKAGE: str = _CHECK.PACKAGE
COMPILED: tuple[str, ...] = _CHECK.COMPILED
MANIFEST: str = _CHECK.MANIFEST


def _keep_cpython_lower() -> None:
    """Have compiled ``str.lower()`` call CPython's own method.

    Before Python 3.13 mypyc lowercases non-ASCII text a code point at a time, without the
    final-sigma rule ("ZΣ" gives "zσ", CPython "zς"), so a compiled parse could read Greek
    text differently from the source (``tests/test_criteria_parse.py`` checks the words).
    """
    from mypyc.primitives.registry import method_call_ops

    method_call_ops["lower"] = [
        op for op in method_call_ops.get("lower", []) if op.c_function_name != "CPyStr_Lower"
    ]


class CompiledStages(build_ext):
    """Compiles :data:`COMPILED` with mypyc, or builds nothing when it cannot."""

    def finalize_options(self) -> None:
        # The digests of the sources as mypyc reads them: one edited while the build runs
        # must not be recorded as the one compiled.
        self._digests: dict[str, str] = _CHECK.source_digests(SOURCE_DIR)
        self.distribution.ext_modules = self._mypyc_extensions()
        super().finalize_options()

    def run(self) -> None:
        if not self.extensions:
            return
        try:
            super().run()
        except Exception as error:  # no compiler, a compiler error: the source serves
            # Anything built without its manifest is ignored at import (criteria.compiled).
            self.extensions = []
            print(f"trialfinder: criteria not compiled ({error}); pure Python", file=sys.stderr)
            return
        self._write_manifest()

    def _mypyc_extensions(self) -> list[Extension]:
        if os.environ.get("TRIALFINDER_PURE_PYTHON") == "1":
            return []
        try:
            from mypyc.build import mypycify

            _keep_cpython_lower()
            # The stages are type-checked with the project's mypy settings (pyproject.toml);
            # what they import from elsewhere is read silently: the build environment has
            # msgspec (their types) but not every dependency of the package.
            return mypycify(
                ["--follow-imports=silent", *(str(SOURCE_DIR / f"{n}.py") for n in COMPILED)],
                opt_level="3",
                group_name=PACKAGE,
            )
        except (Exception, SystemExit) as error:  # mypyc missing or failing: the source serves
            print(f"trialfinder: criteria not compiled ({error}); pure Python", file=sys.stderr)
            return []

    def _output_dirs(self) -> list[Path]:
        """Where the compiled modules land: the build, and the source tree when in place."""
        dirs = [Path(self.build_lib, *PACKAGE.split("."))]
        if self.inplace:
            dirs.append(Path(self.get_finalized_command("build_py").get_package_dir(PACKAGE)))
        return dirs

    def _write_manifest(self) -> None:
        text = json.dumps(self._digests, indent=1, sort_keys=True)
        for directory in self._output_dirs():
            directory.mkdir(parents=True, exist_ok=True)
            (directory / MANIFEST).write_text(text + "\n")

    def get_outputs(self) -> list[str]:
        built = super().get_outputs()
        if not built:
            return built
        return [*built, str(self._output_dirs()[0] / MANIFEST)]


# A placeholder that marks the distribution as having extension modules (a platform
# wheel, build_ext run): the real ones are made when build_ext is set up, so that mypyc's
# type check runs when building, not each time setuptools reads this file.
setup(
    ext_modules=[Extension(f"{PACKAGE}.__mypyc_placeholder", sources=[])],
    cmdclass={"build_ext": CompiledStages},
)
