# EcoPermit — the README's two commands are `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY        := $(shell tools/find-python.sh)
UV_VERSION := 0.13.9
TOOLS     := .tools
UV        := $(TOOLS)/bin/uv
VENV      := .venv
BIN       := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help setup demo test lint bench fuzz messages serve migrate clean

help:
	@echo "make demo   — set up, load the Dinghai demo district and serve http://$(HOST):$(PORT)"
	@echo "make test   — set up, lint and run the tests (SQLite; PostgreSQL too when TEST_POSTGRES_URL is set)"
	@echo "make setup  — create .venv and install the locked dependencies"
	@echo "make bench  — run the benchmarks in bench/"
	@echo "make fuzz   — fuzz the HJ 212 codec with atheris for FUZZ_SECONDS (default 60)"

$(UV):
	@test -n "$(PY)" || { echo "No Python >= 3.12 found"; exit 1; }
	$(PY) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

setup: $(UV)
	@tools/system-deps.sh
	$(UV) sync --frozen --python $(PY) --quiet
	@mkdir -p var

migrate: setup
	$(BIN)/ecopermit migrate --noinput

demo: setup
	HOST=$(HOST) PORT=$(PORT) tools/demo.sh

lint: setup
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

test: lint
	tools/run-tests.sh

bench: setup
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python "$$b" || exit 1; done

# Coverage-guided fuzzing of the HJ 212 codec (tests/fuzz/); atheris lives in its own environment.
FUZZ_SECONDS ?= 60
fuzz: $(UV)
	@test -x var/fuzz-venv/bin/python || $(UV) venv --quiet --python $(PY) var/fuzz-venv
	$(UV) pip install --quiet --python var/fuzz-venv/bin/python atheris
	var/fuzz-venv/bin/python tests/fuzz/fuzz_hj212.py -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 var/fuzz-hj212

messages: setup
	cd src/ecopermit && ../../$(BIN)/ecopermit makemessages -l zh_Hans --no-wrap --no-obsolete -i "static/vendor/*" && ../../$(BIN)/ecopermit compilemessages -l zh_Hans
	@echo "fill new msgids: $(BIN)/python tools/po_fill.py src/ecopermit/locale/zh_Hans/LC_MESSAGES/django.po TSV"

clean:
	rm -rf $(VENV) $(TOOLS) var/test-*
