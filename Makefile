# The two commands: `make run` (portal with demo data at http://localhost:3000) and `make test` (whole suite).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
BUN := .tools/node_modules/.bin/bun
AXE := .tools/node_modules/axe-core/axe.min.js
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
REDIS_TEST_URL ?= redis://127.0.0.1:6379

# Scaled mode: several backend workers, PostgreSQL, Reflex's state in Redis.
SCALED_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/ocso
SCALED_REDIS_URL ?= redis://127.0.0.1:6379/1
WORKERS ?= 2

.PHONY: run run-scaled test setup lint test-sqlite test-postgres demo-data bench bench-load bench-browser bench-employer bench-import

$(BIN)/.installed: pyproject.toml
	scripts/make_venv.sh $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@

$(BUN):
	npm install --prefix .tools --no-audit --no-fund --silent bun@1.4.5

# axe-core: the accessibility checker the browser tests run on every page (tests/e2e/test_accessibility.py).
$(AXE): $(BUN)
	npm install --prefix .tools --no-audit --no-fund --silent --save-exact axe-core@4.14.1

setup: $(BIN)/.installed $(BUN) $(AXE)

demo-data: setup
	$(BIN)/alembic upgrade head
	$(BIN)/python -m ocso_app.seed --if-empty

run: demo-data
	$(BIN)/reflex run --env prod --single-port

run-scaled: setup
	OCSO_DATABASE_URL=$(SCALED_DATABASE_URL) $(BIN)/python -m ocso_app.cli create-database
	OCSO_DATABASE_URL=$(SCALED_DATABASE_URL) $(BIN)/alembic upgrade head
	OCSO_DATABASE_URL=$(SCALED_DATABASE_URL) $(BIN)/python -m ocso_app.seed --if-empty
	OCSO_DATABASE_URL=$(SCALED_DATABASE_URL) REFLEX_STATE_MANAGER_MODE=redis REFLEX_REDIS_URL=$(SCALED_REDIS_URL) \
		GRANIAN_WORKERS=$(WORKERS) $(BIN)/reflex run --env prod --single-port

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/mypy --config-file benchmarks/mypy.ini

# Both runs at once (scripts/run_suites.sh): each in its own database, Reflex folders and artefacts folder.
test: setup lint
	scripts/ensure_chromium.sh
	PG_TEST_URL=$(PG_TEST_URL) REDIS_TEST_URL=$(REDIS_TEST_URL) scripts/run_suites.sh

test-sqlite:
	SUITES=sqlite scripts/run_suites.sh

test-postgres:
	SUITES=postgres PG_TEST_URL=$(PG_TEST_URL) REDIS_TEST_URL=$(REDIS_TEST_URL) scripts/run_suites.sh

bench: setup
	$(BIN)/python -m benchmarks.seed_scale --members 100000
	$(BIN)/python -m benchmarks.reimbursements

# The Espace Employeur's server time for a 3,000-employee company (SQLite; OCSO_DATABASE_URL=… for PostgreSQL).
bench-employer: setup
	$(BIN)/python -m benchmarks.employer $(ARGS)

# Import des décomptes: 100 000 lines previewed and imported off the loop (SQLite; OCSO_DATABASE_URL=… for PostgreSQL).
bench-import: setup
	$(BIN)/python -m benchmarks.statement_import $(ARGS)

# The load benchmark (portal started in prod mode on a free port; ~7 min). ARGS="--redis --workers 2" etc.
bench-load: setup
	$(BIN)/python -m benchmarks.load $(ARGS)

# Mes remboursements in Chromium: table and pies after a click on the menu, and the JavaScript each page loads.
bench-browser: setup
	scripts/ensure_chromium.sh chromium
	$(BIN)/python -m benchmarks.browser $(ARGS)
