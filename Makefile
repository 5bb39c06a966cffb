# newsreader: `make run` sets up .venv with what the reader needs and launches it; `make test`
# adds the test tools (the `dev` extra) and runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One stamp per install: the reader's dependencies, then the test and lint tools on top.
READER := $(VENV)/.installed-reader
DEV := $(VENV)/.installed-dev

.PHONY: run test lint format bench screenshots clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "newsreader needs Python 3.11 or newer (PYTHON=$(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Editable (-e): the same dependencies as `pip install .`, and the source as it is now.
$(READER): pyproject.toml | $(BIN)/python
	@echo "Installing newsreader and what it needs into $(VENV) (the first time: ~11 MB to download)"
	$(BIN)/pip install -e .
	@touch $@

$(DEV): $(READER)
	@echo "Adding the test and lint tools to $(VENV) (the first time: ~12 MB more)"
	$(BIN)/pip install -e '.[dev]'
	@touch $@

run: $(READER)
	$(BIN)/newsreader $(ARGS)

test: $(DEV)
	$(BIN)/python -m pytest

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(READER)
	$(BIN)/python -m bench $(ARGS)

screenshots: $(READER)
	$(BIN)/python -m tests.screenshots

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
