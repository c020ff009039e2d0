# Sosiale medier-håndboka: the two commands are `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SITE   := site

export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := hooks

# Print the pinned dependencies from pyproject.toml (extras given as arguments).
DEPS = $(PYTHON) -c 'import sys, tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print(" ".join(p["dependencies"] + [d for x in sys.argv[1:] for d in p["optional-dependencies"][x]]))'

.PHONY: help serve build site pdf check test bench lighthouse chromium graphviz clean

help:
	@echo "make serve  – bygg og vis håndboka på http://127.0.0.1:8000 (oppdateres når du lagrer)"
	@echo "make build  – bygg nettstedet og PDF-en til mappen site/"
	@echo "make pdf    – bygg bare PDF-en"
	@echo "make check  – kontroller veiviserne i decision_trees/"
	@echo "make test   – kjør hele testsuiten"
	@echo "make bench  – mål byggetider"
	@echo "make lighthouse – Lighthouse-poeng for fire sider (mobil)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.site-deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q $$($(DEPS))
	touch $@

$(VENV)/.test-deps: pyproject.toml $(VENV)/.site-deps
	$(BIN)/pip install -q $$($(DEPS) test)
	touch $@

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core; }

# Debian's Graphviz: `dot` lays out the guides' diagrams (site and PDF).
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq graphviz; }

serve: $(VENV)/.site-deps graphviz
	$(BIN)/mkdocs serve -a 127.0.0.1:8000

site: $(VENV)/.site-deps graphviz
	$(BIN)/mkdocs build --strict -d $(SITE)

pdf: $(VENV)/.site-deps graphviz
	$(BIN)/python -m handbok_pdf --site $(SITE)

build: site pdf

check: $(VENV)/.site-deps
	$(BIN)/python -m veiviser decision_trees --docs docs

test: $(VENV)/.test-deps chromium graphviz
	$(BIN)/python -m pytest

bench: $(VENV)/.test-deps graphviz
	$(BIN)/python tests/bench.py

lighthouse: $(VENV)/.site-deps chromium graphviz
	$(BIN)/python tests/lighthouse.py

clean:
	rm -rf $(SITE) .pytest_cache .hypothesis
