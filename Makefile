# The two commands of the quick start: `make serve` and `make test`.
# Each one sets up what it needs first (a virtual environment in .venv; Chromium and PostgreSQL for tests).
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

# The store's tests also run against a throwaway PostgreSQL server, started here and stopped
# when pytest ends, pass or fail (scripts/start-test-postgres).
test: $(STAMP) system-deps
	$(BIN)/ruff check .
	scripts/start-test-postgres run $(BIN)/python -m pytest $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
