# Two commands for a newcomer: `make run` and `make test` (README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# The environment the test suite runs in: production-like (DEBUG off), plain HTTP,
# no static manifest (tests run without collectstatic), mail kept in memory.
TEST_ENV := SECRET_KEY=test-only-not-a-secret DEBUG=false HTTPS=false STATIC_MANIFEST=false EMAIL_URL=locmem://
DEV_ENV := DEBUG=true

.PHONY: install run migrate demo messages test lint format hooks check-deploy clean backup restore bench

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed.")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

messages: install
	@if command -v msgfmt >/dev/null; then \
		$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0; \
	else echo "msgfmt (gettext) not found: using the compiled catalogues in locale/"; fi

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	$(DEV_ENV) $(BIN)/python manage.py seed_demo

run: messages demo
	@echo "Portal: http://$(HOST)/   Back office: http://$(HOST)/verwaltung/ (python manage.py createsuperuser)"
	$(DEV_ENV) SITE_URL=$${SITE_URL:-http://$(HOST)} $(BIN)/python manage.py runserver $(HOST)

# Tests run in parallel, one worker per core (pytest-xdist), each with its own test
# database. --dist load hands them out in collection order, so each worker still runs the
# transactional tests (which empty the database) after the others, as pytest-django orders
# them. PYTEST_WORKERS=0 runs them in this process.
PYTEST_WORKERS ?= auto
test: install
	$(TEST_ENV) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist load $(ARGS)

# ruff, djhtml (template indentation), and the layers of docs/ARCHITECTURE.md (import-linter, contracts in pyproject.toml):
# an import from a higher layer fails here.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/djhtml templates
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The git hooks of .pre-commit-config.yaml: `make lint` before each commit, and a commit
# subject of at most 72 characters (scripts/check-commit-msg).
hooks: install
	$(BIN)/pre-commit install --hook-type pre-commit --hook-type commit-msg

# Backup and restore (README.md, "Backup and restore"), with the portal's environment
# (DATABASE_URL, MEDIA_ROOT, SECRET_KEY, ...). Archives go to BACKUP_DIR; KEEP of them stay.
BACKUP_DIR ?= backups
KEEP ?= 14
backup: install
	$(BIN)/python manage.py backup_portal "$(BACKUP_DIR)" --keep $(KEEP)

restore: install
	@test -n "$(FILE)" || { echo 'Usage: make restore FILE=backups/quartier-backup-YYYYMMDD-HHMMSS.tar.gz [FORCE=1]'; exit 2; }
	$(BIN)/python manage.py restore_portal "$(FILE)" $(if $(FORCE),--force)

# README.md, "Benchmark": gunicorn (2 sync workers, 127.0.0.1) on the current database
# (DATABASE_URL), the public pages under load with and without the page cache, next to a
# minimal view; then the search. A big network first: manage.py seed_scale --projects 10000.
bench: install
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
