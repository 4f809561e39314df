# Deux commandes pour un nouveau venu : `make` construit la publication, `make test` lance les tests.
# Tout s'installe dans .venv à partir de pyproject.toml (Python 3.11 et make suffisent).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLE := $(VENV)/.installe

.PHONY: all build test lint bench clean

all: build

$(INSTALLE): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

build: $(INSTALLE)
	$(BIN)/cartographie build

test: $(INSTALLE)
	$(BIN)/ruff check cartographie tests scripts
	$(BIN)/pytest

bench: $(INSTALLE)
	$(BIN)/python scripts/bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
