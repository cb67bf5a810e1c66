# Candor — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(PIP) -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(PIP) -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

## run: migrate, load the demo on first start, serve on http://127.0.0.1:5000
run: $(VENV)/.runtime-installed
	$(BIN)/flask --app app serve

## test: lint, then the whole suite on SQLite and again on PostgreSQL + Redis
test: $(VENV)/.dev-installed lint
	$(BIN)/python tools/run_tests.py

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## bench: every benchmark under bench/, numbers into bench/results.json
bench: $(VENV)/.dev-installed
	$(BIN)/python bench/run_all.py $(BENCH)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
