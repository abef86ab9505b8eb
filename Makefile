# Two commands do all the set-up: `make demo` (the main job on the bundled example) and
# `make test` (lint + the test suite). Both create .venv and install the project into it.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EXAMPLE := examples/000_cbf8f8bc139d878a.txt
DEMO_DB := out/demo.duckdb

.PHONY: install demo test test-browser lint bench train-incidents clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (Python 3.11+); set PYTHON=..."; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,ray]'
	touch $(STAMP)

demo: install
	$(BIN)/dateline extract $(EXAMPLE) --format table
	$(BIN)/dateline ingest examples --db $(DEMO_DB)
	$(BIN)/dateline query events --db $(DEMO_DB) --limit 20
	$(BIN)/dateline stories --db $(DEMO_DB)

lint: install
	$(BIN)/ruff check src tests benchmarks training

test: lint
	$(BIN)/python -m pytest

# The page in a real Chromium (system package `chromium`), driven by Playwright for Python.
test-browser: install
	$(BIN)/python -m pytest tests/test_browser.py tests/test_browser_stories.py -rs

bench: install
	$(BIN)/python benchmarks/throughput.py

# Retrain the incidents model (resources/incidents/model) from MUC-4 train; ~25 min on 2 cores.
train-incidents: install
	$(BIN)/python training/train_incidents.py

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
