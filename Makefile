# Two commands matter to a new user: `make run` and `make test`. Everything else here serves them.
SHELL := /bin/sh
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
PYTEST_ARGS ?=

.PHONY: run test lint check install install-test translations pdf-libs screenshots lock bench clean

run: install
	$(BIN)/salesdesk run

test: install-test translations pdf-libs
	./scripts/ensure-browser
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check src scripts bench manage.py
	$(BIN)/ruff format --check src scripts bench manage.py
	$(BIN)/mypy src

check: lint test

install: $(VENV)/.base-installed translations pdf-libs

# WeasyPrint (PDF reports) needs Pango and CJK fonts from the system.
pdf-libs:
	./scripts/ensure-pdf-libs

install-test: $(VENV)/.test-installed

$(VENV)/bin/python:
	"$$(./scripts/find-python)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.base-installed: $(VENV)/bin/python requirements/base.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements/base.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.base-installed requirements/test.lock
	$(BIN)/pip install --quiet -r requirements/test.lock
	touch $@

# Compiled catalogues are build output: made from the committed .po files on every install.
translations: $(VENV)/.base-installed
	$(BIN)/salesdesk compiletranslations

# Every benchmark on PostgreSQL (DATABASE_URL, default database salesdesk_bench, created and filled with
# `salesdesk demo --scale large` when empty); writes docs/benchmarks.md. BENCH_ARGS go to bench/run.py.
BENCH_ARGS ?=
bench: install-test translations pdf-libs
	$(PYTHON) bench/run.py $(BENCH_ARGS)

screenshots: install-test translations
	./scripts/ensure-browser
	$(BIN)/python scripts/screenshots.py

# Re-pin dependencies after editing requirements/*.in (needs network access to PyPI).
lock: $(VENV)/bin/python
	$(BIN)/pip install --quiet uv
	cd requirements && ../$(BIN)/uv pip compile --python-version 3.12 base.in -o base.lock --no-header
	cd requirements && ../$(BIN)/uv pip compile --python-version 3.12 test.in -o test.lock --no-header

clean:
	rm -rf $(VENV) var/*.sqlite3 staticfiles
