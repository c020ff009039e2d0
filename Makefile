# Sosiale medier-håndboka: the two commands are `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SITE   := site
# The generator `make serve` and `make site` run: mkdocs, or properdocs (the maintained fork of MkDocs 1.6,
# in requirements/test.txt; README «Levetid og oppgradering»): make build GENERATOR=properdocs
GENERATOR ?= mkdocs
GENERATOR_DEPS = $(if $(filter mkdocs,$(GENERATOR)),$(VENV)/.site-deps,$(VENV)/.test-deps)

export NO_MKDOCS_2_WARNING := 1

# The hashed lock files in requirements/ (every package, dependencies of dependencies included) are
# written from pyproject.toml by `make lock`; a test fails while the two disagree.
PIP_LOCKED = $(BIN)/pip install -q --require-hashes --only-binary :all: -r
UV_VERSION := 0.13.8

.PHONY: help serve build site pdf check skjema lint test test-fast bench lighthouse chromium graphviz node lock clean

help:
	@echo "make serve  – bygg og vis håndboka på http://127.0.0.1:8000 (oppdateres når du lagrer)"
	@echo "make build  – bygg nettstedet og PDF-en til mappen site/"
	@echo "make pdf    – bygg bare PDF-en"
	@echo "make check  – kontroller veiviserne i decision_trees/"
	@echo "make skjema – skriv schemaene og felttabellene i decision_trees/ på nytt (etter en ny rolle i mkdocs.yml)"
	@echo "make lint   – kontroller koden med ruff og mypy"
	@echo "make lock   – skriv låsefilene i requirements/ på nytt etter en endring i pyproject.toml (UPGRADE=1: nyeste versjoner)"
	@echo "make test   – kjør hele testsuiten"
	@echo "make test-fast – bare modellens tester og veiviser-eksemplene (under arbeid)"
	@echo "make bench  – mål byggetider"
	@echo "make lighthouse – Lighthouse-poeng for åtte sidetyper (mobil)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# The project itself is installed editable, so `veiviser` and `handbok_pdf` (in hooks/) import from anywhere.
$(VENV)/.site-deps: requirements/site.txt pyproject.toml node_modules/.package-lock.json | $(BIN)/python
	$(PIP_LOCKED) requirements/site.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

# Node.js for the build-time tools in package.json (Workbox writes the offline service worker).
node:
	@command -v npm >/dev/null 2>&1 || { \
	  echo "make: installerer nodejs og npm fra Debian (apt-get, med sudo om du ikke er root)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm; }

node_modules/.package-lock.json: package.json package-lock.json
	$(MAKE) -s node
	npm ci --no-audit --no-fund --loglevel=error

$(VENV)/.test-deps: requirements/test.txt $(VENV)/.site-deps
	$(PIP_LOCKED) requirements/test.txt
	touch $@

$(VENV)/.lint-deps: requirements/lint.txt $(VENV)/.site-deps
	$(PIP_LOCKED) requirements/lint.txt
	touch $@

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "make: installerer chromium og fonts-dejavu-core fra Debian (apt-get, med sudo om du ikke er root)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core; }

# Debian's Graphviz: `dot` lays out the guides' diagrams (site and PDF).
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  echo "make: installerer graphviz fra Debian (apt-get, med sudo om du ikke er root)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq graphviz; }

serve: $(GENERATOR_DEPS) graphviz
	$(BIN)/$(GENERATOR) serve -a 127.0.0.1:8000

# A build for publishing: also the service worker, precompressed copies and purged stylesheets.
# The check after the build stops here, loudly, when the guides' pages are missing from the site
# (a generator that skips the hooks in mkdocs.yml builds a handbook without its guides).
site: $(GENERATOR_DEPS) graphviz
	HANDBOK_PUBLISERING=1 $(BIN)/$(GENERATOR) build --strict -d $(SITE)
	$(BIN)/python -m veiviser.sitecheck $(SITE)

# The check again: the PDF takes the guides from the model, so it would not notice a site without them.
pdf: $(VENV)/.site-deps graphviz
	$(BIN)/python -m veiviser.sitecheck $(SITE)
	$(BIN)/python -m handbok_pdf --site $(SITE)

build: site pdf

check: $(VENV)/.site-deps
	$(BIN)/python -m veiviser decision_trees --docs docs

# The JSON Schemas and the README's field tables in decision_trees/, from hooks/veiviser/format.py
# and the roles in mkdocs.yml (a test fails while they are out of date).
skjema: $(VENV)/.site-deps
	$(BIN)/python -m veiviser.generate decision_trees

lint: $(VENV)/.lint-deps
	$(BIN)/ruff check .
	$(BIN)/mypy

# Both cores (pytest-xdist; the PDF's tests share one process), and the slowest tests at the end.
test: $(VENV)/.test-deps chromium graphviz
	$(BIN)/python -m pytest -n 2 --dist loadgroup --durations=25

# The edit loop: the model and the validator's fixtures, no site build, no browser, no `slow` tests (once per
# real case, Graphviz for every real guide, extra processes, stress tests), fewer random examples.
test-fast: $(VENV)/.test-deps graphviz
	VEIVISER_EXAMPLES=10 $(BIN)/python -m pytest tests/veiviser -q -p no:cacheprovider -m "not site and not browser and not slow"

bench: $(VENV)/.test-deps graphviz
	$(BIN)/python tests/bench.py

lighthouse: $(VENV)/.site-deps chromium graphviz
	$(BIN)/python tests/lighthouse.py

# uv resolves and hashes (a tool for this command only, not a dependency of the site).
lock: | $(BIN)/python
	$(BIN)/pip install -q uv==$(UV_VERSION)
	$(BIN)/python requirements/lock.py $(if $(UPGRADE),--upgrade)

clean:
	rm -rf $(SITE) .pytest_cache .hypothesis
