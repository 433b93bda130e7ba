# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck unit fuzz system-deps bench compile clean

# The install compiles the criteria stages (setup.py): their source changing rebuilds them.
$(STAMP): pyproject.toml setup.py $(wildcard src/trialfinder/criteria/*.py)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,train]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/trialfinder ingest --sample --quiet
	$(BIN)/trialfinder serve --host $(HOST) --port $(PORT)

system-deps:
	bash scripts/install-system-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

test: system-deps $(STAMP) lint typecheck unit

# The parser fuzz tests with many more examples than `make test` runs (docs/fuzzing.md).
fuzz: $(STAMP)
	$(BIN)/pytest tests/test_fuzz_parsers.py --hypothesis-profile=fuzz --hypothesis-show-statistics

bench: $(STAMP)
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/match.py
	$(BIN)/python bench/notes.py

# The criteria stages compiled in place, for a checkout run with another checkout's venv
# (PYTHON=/path/to/.venv/bin/python): setup.py needs pyproject.toml's build requirements
# (setuptools >= 77 reads its licence field; an older one stops the build), which an install
# gets in pip's isolated build environment and this target in a venv of its own.
compile:
	$(PYTHON) -m venv build/venv
	build/venv/bin/pip install --quiet $$($(PYTHON) -c "import tomllib; print(' '.join(tomllib.load(open('pyproject.toml', 'rb'))['build-system']['requires']))")
	build/venv/bin/python setup.py build_ext --inplace

clean:
	rm -rf $(VENV) build .mypy_cache .pytest_cache .ruff_cache
	find src -name '*.so' -delete
	rm -f src/trialfinder/criteria/compiled.json
