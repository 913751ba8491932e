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
# The browser tests drive the system's Chromium (Debian's chromium package) or CHROMIUM_PATH.
chromium = $(or $(CHROMIUM_PATH),$(shell command -v chromium || command -v chromium-browser))

.DEFAULT_GOAL := help
.PHONY: help install run migrate load check lint test test-browser test-postgres superuser clean \
	static serve bench bench-install soak

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

load: migrate ## load the fixtures into a new or untouched database (never over unexported edits)
	$(MANAGE) load_kb --if-untouched

run: load ## serve the site with the full data at http://127.0.0.1:8000
	$(MANAGE) runserver $(HOST):$(PORT)

# Production settings on this machine: the environment's SECRET_KEY and ALLOWED_HOSTS, else a
# random key kept in .make/ (ignored by git) and the loopback names; plain HTTP on loopback,
# so no redirect to HTTPS unless asked (behind a TLS proxy, see docs/deployment.md).
SECRET_FILE := .make/secret-key
PROD_ENV = DJANGO_SETTINGS_MODULE=preciseu_kb.settings.prod \
	SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_FILE))}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}"
# One worker per core: a request here waits on the CPU, not on the database, and more
# workers than cores answered fewer requests, later (docs/performance.md, "Workers").
WEB_CONCURRENCY ?= $(shell nproc 2>/dev/null || echo 1)

$(SECRET_FILE): | $(STAMP)
	@mkdir -p $(dir $@)
	@umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))' > $@

static: $(STAMP) $(SECRET_FILE) ## collect the static files, compressed and named by content hash
	$(PROD_ENV) $(MANAGE) collectstatic --no-input --verbosity 0

serve: load static ## the production server (gunicorn + whitenoise) at http://127.0.0.1:8000
	$(PROD_ENV) $(BIN)/gunicorn preciseu_kb.wsgi --bind $(HOST):$(PORT) \
		--workers $(WEB_CONCURRENCY) --access-logfile - --forwarded-allow-ips 127.0.0.1

BENCH_STAMP := $(VENV)/.bench-installed
BENCH_SCALES ?= 1,100
# A PostgreSQL server's URL, to run the app on it too (e.g. BENCH_POSTGRES=$(POSTGRES_URL)).
BENCH_POSTGRES ?=

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	@touch $@

bench-install: $(BENCH_STAMP) ## install Datasette, the benchmark's comparison (extra "bench")

bench: $(BENCH_STAMP) static ## the production server vs Datasette and static files under load (BENCH_SCALES=1,100, BENCH_POSTGRES=url)
	@command -v wrk >/dev/null || echo "== wrk not found (Debian's wrk package): using bench/load.py"
	$(BIN)/python bench/run.py --scales $(BENCH_SCALES) $(if $(BENCH_POSTGRES),--postgres $(BENCH_POSTGRES))

SOAK_SECONDS ?= 60
SOAK_CONNECTIONS ?= 64
SOAK_CACHE ?= on,off

soak: $(STAMP) static ## the production server under load, 60 s at 64 connections: zero errors, flat memory
	$(BIN)/python bench/soak.py --seconds $(SOAK_SECONDS) --connections $(SOAK_CONNECTIONS) \
		--cache $(SOAK_CACHE)

superuser: migrate ## create an editor account for the admin
	$(MANAGE) createsuperuser

check: migrate ## Django's checks, missing migrations, fixture validation, ruff (lint, format), import rules
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) load_kb --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

lint: check

test: check ## all checks and the whole test suite (database from DATABASE_URL, SQLite by default)
	@$(if $(chromium),,echo "== Chromium not found: the browser tests will be skipped (install Debian's chromium package or set CHROMIUM_PATH)")
	$(BIN)/pytest

test-browser: $(STAMP) ## only the browser tests (headless Chromium: walk, filters, accessibility, phone width)
	$(BIN)/pytest -m browser

test-postgres: ## the same against PostgreSQL (POSTGRES_URL, default the local test database)
	DATABASE_URL=$(POSTGRES_URL) $(MAKE) test

clean: ## remove the virtual environment, the SQLite database and caches
	rm -rf $(VENV) db.sqlite3 .pytest_cache .ruff_cache *.egg-info
