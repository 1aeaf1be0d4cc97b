# Territoires — deux commandes : `make run` et `make test` (voir README.md).
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8000
HOST ?= 127.0.0.1
TERRITOIRES_DEPARTEMENT ?= 32
UV_VERSION := 0.13.9

TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
export PORT HOST TERRITOIRES_DEPARTEMENT

.PHONY: install run test lint format bench clean

# uv itself comes from PyPI, in its own small virtualenv.
$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Locked dependencies (uv.lock) in .venv; redone when the lock changes.
$(VENV)/.installed: uv.lock pyproject.toml | $(UV)
	scripts/ensure-system-packages.sh
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	touch $@

install: $(VENV)/.installed

## Prépare la base SQLite, le référentiel, les données de démonstration et lance l'application.
run: install
	scripts/run.sh

## Toutes les vérifications : style, migrations, tests SQLite, PostgreSQL et navigateur.
test: install
	scripts/test.sh

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Bancs de mesure, un par module : make bench MODULE=aides [DB=postgresql] [ARGS="…"] (bench/README.md).
MODULE ?= referentiel
DB ?= sqlite
bench: install
	scripts/bench.sh $(MODULE) $(DB) $(ARGS)

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .ruff_cache
