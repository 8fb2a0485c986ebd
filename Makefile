# The two commands of the README: `make run` and `make test`. Everything they need is
# installed here, on a fresh machine, with nothing done by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/portal
MANAGE := $(BIN)/python manage.py

.PHONY: run test test-pg demo install browser messages lint serve pg-database bench wrk haproxy clean

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

# The web server and one task worker (catalogues of many sheets...), together: Ctrl-C
# stops both (the terminal interrupts every process of the command), and the worker
# is stopped too if the server ends any other way.
run: demo
	@echo "Portail : http://127.0.0.1:$(PORT)/  (comptes de démonstration ci-dessus)"
	@echo "Processus de travail des tâches : manage.py db_worker (arrêté avec le serveur)"
	@$(MANAGE) db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
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
	$(BIN)/lint-imports

# The suite runs in one process per core (pytest-xdist), each on a test database of
# its own (config/settings/test.py); a test file stays on one process, with its
# module's fixtures (the demo data) set up once. PYTEST_WORKERS=0: one process.
PYTEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

test: install browser messages lint
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(PYTEST)

test-pg: install browser messages
	DATABASE_URL=$(PG_URL) $(PYTEST)

# The portal as it runs in production (production settings, gunicorn, whitenoise,
# PostgreSQL), on loopback: plain http here, so no HTTPS redirect, HSTS or secure-only
# cookies; a real deployment sits behind a TLS proxy and keeps their defaults.
SERVE_ENV = DJANGO_SETTINGS_MODULE=config.settings.production \
	DATABASE_URL=$(PG_URL) SECRET_KEY="$$(cat .serve-secret)" \
	ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 \
	SECURE_COOKIES=false STATIC_ROOT=$(CURDIR)/staticfiles
WORKERS ?= 4
TASK_WORKERS ?= 2

.serve-secret:
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(64))" > $@

# Create the PostgreSQL database of PG_URL when it does not exist yet.
pg-database: install
	$(BIN)/python -c "import sys, psycopg2; from urllib.parse import urlsplit; \
	url = urlsplit('$(PG_URL)'); name = url.path.lstrip('/'); \
	conn = psycopg2.connect(url._replace(path='/postgres').geturl()); conn.autocommit = True; \
	cur = conn.cursor(); cur.execute('SELECT 1 FROM pg_database WHERE datname = %s', [name]); \
	cur.fetchone() or cur.execute('CREATE DATABASE \"%s\"' % name)"

serve: install messages .serve-secret pg-database
	$(SERVE_ENV) $(MANAGE) migrate --noinput -v 0
	$(SERVE_ENV) $(MANAGE) createcachetable
	$(SERVE_ENV) $(MANAGE) demo_accounts_check
	$(SERVE_ENV) $(MANAGE) collectstatic --noinput -v 0
	@for n in $$(seq $(TASK_WORKERS)); do $(SERVE_ENV) $(MANAGE) db_worker & done; \
	trap 'kill $$(jobs -p) 2>/dev/null; wait' EXIT INT TERM; \
	$(SERVE_ENV) $(BIN)/gunicorn config.wsgi --workers $(WORKERS) \
		--bind 127.0.0.1:$(PORT) --access-logfile - --timeout 60

# The benchmarks (bench/README.md), in order, against a database of their own that
# is dropped and filled anew for each scale of BENCH_SCALES (1,000 then 10,000
# projects; BENCH_SCALE=100000 adds 100,000, about 15 minutes more): query counts and
# timings per page beside their two floors; then, on the largest, load with wrk (1
# and 20 users), 2 minutes of reliability, the kill test, two servers behind HAProxy,
# the sheets, the imports. Bounded: about 14 minutes, 127.0.0.1 only. Not part of
# `make test` nor of CI.
BENCH_URL ?= postgres://postgres@127.0.0.1:5432/portal_bench
BENCH_ENV = DATABASE_URL=$(BENCH_URL)
BENCH_SCALES ?= 1000 10000 $(BENCH_SCALE)

wrk:
	@command -v wrk >/dev/null 2>&1 || { \
		echo "Installation de wrk (Debian)…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

haproxy:
	@command -v haproxy >/dev/null 2>&1 || test -x /usr/sbin/haproxy || { \
		echo "Installation de haproxy (Debian)…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; }

bench: install messages .serve-secret wrk haproxy
	@echo "== machine: $$(nproc) cores, $$(free -h | awk '/Mem/ {print $$2}') memory, load $$(cut -d' ' -f1-3 /proc/loadavg), PostgreSQL $$(psql --version 2>/dev/null | awk '{print $$3}')"
	@for scale in $(BENCH_SCALES); do \
		echo "== $$scale projects"; \
		$(BIN)/python bench/database.py $(BENCH_URL) && \
		$(BENCH_ENV) $(MANAGE) migrate --noinput -v 0 && \
		$(BENCH_ENV) $(MANAGE) load_demo > /dev/null && \
		$(BENCH_ENV) $(BIN)/python bench/fill.py --projects $$scale \
			--partnerships $$(( scale / 50 > 200 ? scale / 50 : 200 )) && \
		$(BENCH_ENV) $(BIN)/python bench/pages.py --runs 20 || exit 1; \
	done
	$(BIN)/python bench/load.py $(BENCH_URL)
	$(BIN)/python bench/reliability.py $(BENCH_URL)
	$(BIN)/python bench/kill.py $(BENCH_URL)
	$(BIN)/python bench/balanced.py $(BENCH_URL)
	$(BENCH_ENV) $(BIN)/python bench/sheets.py --rounds 2
	@if [ -f bench/imports.py ]; then $(BENCH_ENV) $(BIN)/python bench/imports.py; fi
	@echo "== load at the end: $$(cut -d' ' -f1-3 /proc/loadavg)"

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
