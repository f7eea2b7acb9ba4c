# The two commands of the quick start: `make serve` and `make test`.
# Each one sets up what it needs first (a virtual environment in .venv; Chromium for tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: serve test lint system-deps serve-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP) serve-deps
	$(BIN)/coprod serve $(ARGS)

serve-deps:
	scripts/install-system-deps serve

system-deps:
	scripts/install-system-deps test

test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
