# Deux commandes pour un nouveau venu : `make` construit la publication, `make test` lance les tests.
# Tout s'installe dans .venv à partir de pyproject.toml (Python 3.11 et make suffisent).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLE := $(VENV)/.installe

.PHONY: all build test docs bench clean

all: build

$(INSTALLE): pyproject.toml contraintes.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# Versions figées : `make` reproduit export/ à l'octet près ; une mise à jour est un changement de contraintes.txt.
	$(BIN)/python -m pip install --quiet -e '.[test]' -c contraintes.txt
	touch $@

build: $(INSTALLE)
	$(BIN)/cartographie build
	$(BIN)/cartographie site --out build/site

docs: $(INSTALLE)
	$(BIN)/python -m cartographie.rapports.docs docs/*.md

test: $(INSTALLE)
	$(BIN)/ruff check cartographie tests scripts
	$(BIN)/pytest

bench: $(INSTALLE)
	$(BIN)/cartographie bench --echelle 1,10 --json build/bench.json

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
