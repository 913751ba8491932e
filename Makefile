# PRECISEU knowledge base. `make run` serves the site on SQLite with the full data;
# `make test` runs every check and the whole test suite. See README.md.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test

.DEFAULT_GOAL := help
.PHONY: help install run migrate load check lint test test-postgres superuser clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 or run 'make PYTHON=python3 ...'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(STAMP) ## create .venv and install the dependencies

migrate: $(STAMP) ## apply database migrations
	$(MANAGE) migrate --no-input

load: migrate ## validate and load the fixtures (idempotent)
	$(MANAGE) load_kb

run: load ## serve the site with the full data at http://127.0.0.1:8000
	$(MANAGE) runserver $(HOST):$(PORT)

superuser: migrate ## create an editor account for the admin
	$(MANAGE) createsuperuser

check: migrate ## Django's checks, missing migrations, fixture validation, ruff
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) load_kb --check
	$(BIN)/ruff check .

lint: check

test: check ## all checks and the whole test suite (database from DATABASE_URL, SQLite by default)
	$(BIN)/pytest

test-postgres: ## the same against PostgreSQL (POSTGRES_URL, default the local test database)
	DATABASE_URL=$(POSTGRES_URL) $(MAKE) test

clean: ## remove the virtual environment, the SQLite database and caches
	rm -rf $(VENV) db.sqlite3 .pytest_cache .ruff_cache *.egg-info
