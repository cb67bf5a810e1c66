# Candor — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# Browser tests: Debian's Chromium (a browser download is not possible here) and
# axe-core from the npm registry.
CHROMIUM := /usr/bin/chromium
AXE      := tests/e2e/node_modules/axe-core/axe.min.js

.PHONY: run test lint bench soak screenshots clean translations messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(PIP) -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(PIP) -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "Install Chromium at $@ for the browser tests."; exit 1; }
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils

# WeasyPrint subsets fonts with HarfBuzz's subset library, and warns (an error under
# the test suite's warning filter) when it is missing.
$(VENV)/.system-libs: | $(BIN)/python
	@ldconfig -p | grep -q libharfbuzz-subset || { \
	  command -v apt-get >/dev/null || { echo "Install libharfbuzz-subset0 for WeasyPrint."; exit 1; }; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libharfbuzz-subset0; }
	touch $@

# Message catalogues: the .po sources are in git, the compiled .mo files are built here.
PO_FILES := $(wildcard assess/translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

## translations: compile the message catalogues (assess/translations/*/LC_MESSAGES)
translations: $(MO_FILES)

%.mo: %.po | $(VENV)/.runtime-installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

## messages: gather the texts to translate and add the new ones to every .po
messages: $(VENV)/.runtime-installed
	$(BIN)/pybabel -q extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 -k N_ \
	  --no-wrap --sort-by-file -o assess/translations/messages.pot .
	$(BIN)/pybabel -q update --no-wrap --no-fuzzy-matching -i assess/translations/messages.pot \
	  -d assess/translations

$(AXE): tests/e2e/package.json
	cd tests/e2e && npm install --no-audit --no-fund --silent
	touch $@

## run: migrate, load the demo on first start, serve on http://127.0.0.1:5000
run: $(VENV)/.runtime-installed translations
	$(BIN)/flask --app app serve

## test: lint, then the whole suite on SQLite and again on PostgreSQL + Redis
test: $(VENV)/.dev-installed $(VENV)/.system-libs lint translations $(AXE) $(CHROMIUM)
	$(BIN)/python tools/run_tests.py

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## bench: every benchmark under bench/, numbers into bench/results.json
bench: $(VENV)/.dev-installed translations
	$(BIN)/python bench/run_all.py $(BENCH)

## soak: the load test for 10 minutes (plus 5 paced), nothing may be lost
soak: $(VENV)/.dev-installed
	$(BIN)/python bench/bench_load.py --seconds 600 --paced-seconds 300

## screenshots: the README's pictures, made from the demo (docs/img/)
screenshots: $(VENV)/.dev-installed translations $(CHROMIUM)
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/e2e/node_modules
