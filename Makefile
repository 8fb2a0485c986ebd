# The two commands of the README: `make run` and `make test`. Everything they need is
# installed here, on a fresh machine, with nothing done by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/portal
MANAGE := $(BIN)/python manage.py

.PHONY: run test test-pg demo install browser messages lint serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

messages: install
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

demo: install messages
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_demo

run: demo
	@echo "Portail : http://127.0.0.1:$(PORT)/  (comptes de démonstration ci-dessus)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Debian's Chromium drives the browser tests (no browser download: the machine has no
# network but the package registries).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installation de chromium (Debian)…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install browser messages lint
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest

test-pg: install browser messages
	DATABASE_URL=$(PG_URL) $(BIN)/pytest

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
