# Newsroom: `make run` to serve the demo newsroom, `make test` to run every check.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The newest Python >= 3.12 that actually runs: versioned commands on PATH first,
# then pyenv's versions folder. Override with `make PYTHON=/path/to/python3.13 ...`.
define find_python
for candidate in python3.14 python3.13 python3.12 python3; do \
  path=$$(command -v $$candidate 2>/dev/null) || continue; \
  "$$path" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$path"; exit 0; }; \
done; \
root=$$(pyenv root 2>/dev/null || echo "$$HOME/.pyenv"); \
for path in $$(ls -d "$$root"/versions/3.*/bin/python 2>/dev/null | sort -t/ -k1 -V -r); do \
  "$$path" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$path"; exit 0; }; \
done; \
exit 1
endef

.PHONY: help
help:
	@echo "make run       serve the demo newsroom at http://$(HOST):$(PORT)/"
	@echo "make test      lint, Django checks and the whole test suite"
	@echo "make serve     the production configuration locally (gunicorn and the task worker, DEBUG off)"
	@echo "make load      load test with a story crossing its publish time"
	@echo "make demo      (re)load the demo newsroom into the database"
	@echo "make format    format the code with ruff"
	@echo "make bench-images  time the image renditions of a 6000x4000 JPEG"
	@echo "make bench-export  time export_newsroom over 10,000 generated stories (PostgreSQL)"
	@echo "make bench-restore  time import_newsroom over that export, into another database"
	@echo "make bench     benchmark pages, HTTP load and search (PostgreSQL)"
	@echo "make bench-wagtail  the site beside the Wagtail reference site, same harness, one session"

$(PY):
	@python=$${PYTHON:-$$($(find_python))} || { \
	  echo "No Python >= 3.12 found. Looked for python3.14, python3.13, python3.12 and python3 on PATH," >&2; \
	  echo "then in $$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)/versions/*/bin/python." >&2; \
	  echo "Install Python 3.12 or newer, or run: make PYTHON=/path/to/python3.12 ..." >&2; exit 1; }; \
	echo "Creating $(VENV) with $$python ($$($$python --version))"; \
	"$$python" -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(VENV)/.installed $@

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	@touch $@

.PHONY: run
run: export DJANGO_DEBUG ?= 1
# A webhook receiver on the developer's own machine may be tried (docs: README, Webhooks).
run: export NEWSROOM_WEBHOOKS_ALLOW_PRIVATE ?= 1
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo
	@echo "  Newsroom is at  http://$(HOST):$(PORT)/"
	@echo "  Admin:          http://$(HOST):$(PORT)/admin/"
	@echo "  Log in as the demo editor (editor / newsroom-editor) or writer (writer / newsroom-writer)"
	@echo "  The task worker (webhooks, notice emails) runs beside the server and stops with it."
	@echo
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

# The production configuration, locally: DEBUG off, collected and hashed static files served by
# whitenoise, gunicorn, JSON logs. Plain http on 127.0.0.1, so no https redirect or secure cookies.
.PHONY: serve
serve: export DJANGO_DEBUG = 0
serve: export DJANGO_HTTPS ?= 0
serve: export DJANGO_STATIC_MANIFEST = 1
serve: export DJANGO_LOG_FORMAT ?= json
serve: export DJANGO_SECRET_KEY ?= $(shell python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
serve: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py load_demo
	@echo "  Serving the production configuration at http://$(HOST):$(PORT)/, with the task worker"
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	  $(PY) -m gunicorn -c deploy/gunicorn.conf.py --bind $(HOST):$(PORT) newsroom.wsgi

.PHONY: demo
demo: export DJANGO_DEBUG ?= 1
demo: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

.PHONY: test
test: export DJANGO_SECRET_KEY ?= insecure-key-for-tests-only
test: export DJANGO_HTTPS ?= 0
test: $(VENV)/.installed-dev node_modules/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

.PHONY: format
format: $(VENV)/.installed-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# The WordPress import's speed and memory: a generated export (BENCH_POSTS posts) into a fresh
# SQLite database.
.PHONY: bench-import
bench-import: export DJANGO_SECRET_KEY ?= insecure-key-for-benchmarks-only
bench-import: export DATABASE_URL = sqlite:////tmp/newsroom-bench-import.sqlite3
bench-import: BENCH_POSTS ?= 50000
bench-import: $(VENV)/.installed
	rm -f /tmp/newsroom-bench-import.sqlite3
	$(PY) manage.py migrate -v0
	$(PY) benchmarks/make_wxr.py /tmp/newsroom-bench-import.xml $(BENCH_POSTS)
	$(PY) -m benchmarks.bench_import /tmp/newsroom-bench-import.xml

# The export's speed: BENCH_STORIES generated stories in a dedicated PostgreSQL database, recreated
# each run, exported by export_newsroom. BENCH_EXPORT_SERVER names the server (and role):
# e.g. postgres://newsroom:newsroom@127.0.0.1:5432.
BENCH_EXPORT_SERVER ?= postgres://
BENCH_EXPORT_DB ?= newsroom_bench_export
.PHONY: bench-export
bench-export: export DJANGO_SECRET_KEY ?= insecure-key-for-benchmarks-only
bench-export: export DATABASE_URL = $(BENCH_EXPORT_SERVER)/$(BENCH_EXPORT_DB)
bench-export: BENCH_STORIES ?= 10000
bench-export: $(VENV)/.installed
	psql -q $(BENCH_EXPORT_SERVER)/postgres -c "DROP DATABASE IF EXISTS $(BENCH_EXPORT_DB)" \
	  -c "CREATE DATABASE $(BENCH_EXPORT_DB)"
	$(PY) manage.py migrate -v0
	$(PY) -m benchmarks.bench_export generate $(BENCH_STORIES)
	$(PY) -m benchmarks.bench_export export

# The restore's speed: make bench-export's zip into another fresh database (renditions made again
# for every image: the restore's main cost).
BENCH_RESTORE_DB ?= newsroom_bench_restore
.PHONY: bench-restore
bench-restore: export DJANGO_SECRET_KEY ?= insecure-key-for-benchmarks-only
bench-restore: export DATABASE_URL = $(BENCH_EXPORT_SERVER)/$(BENCH_RESTORE_DB)
bench-restore: export DJANGO_MEDIA_ROOT = /tmp/newsroom-bench-restore-media
bench-restore: $(VENV)/.installed
	psql -q $(BENCH_EXPORT_SERVER)/postgres -c "DROP DATABASE IF EXISTS $(BENCH_RESTORE_DB)" \
	  -c "CREATE DATABASE $(BENCH_RESTORE_DB)"
	rm -rf /tmp/newsroom-bench-restore-media
	$(PY) manage.py migrate -v0
	$(PY) -m benchmarks.bench_export restore

.PHONY: bench-images
bench-images: export DJANGO_DEBUG ?= 1
bench-images: export NEWSROOM_BENCHMARKS = 1
bench-images: $(VENV)/.installed
	$(PY) manage.py bench_images

# The site benchmark: a dedicated PostgreSQL database, recreated each run. BENCH_ARGS passes options,
# e.g. make bench BENCH_ARGS="--stories 100000".
BENCH_DB ?= newsroom_bench
.PHONY: bench
bench: export DJANGO_SECRET_KEY ?= insecure-key-for-benchmarks-only
bench: export NEWSROOM_BENCHMARKS = 1
bench: export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,testserver
bench: export DJANGO_HTTPS ?= 0
bench: export DATABASE_URL = postgres:///$(BENCH_DB)
bench: $(VENV)/.installed
	@command -v wrk >/dev/null && { command -v nginx >/dev/null || test -x /usr/sbin/nginx; } || \
	  { echo "Installing Debian's wrk and nginx-light for the HTTP part"; apt-get install -y -qq wrk nginx-light >/dev/null; }
	psql -q postgres:///postgres -c "DROP DATABASE IF EXISTS $(BENCH_DB)" -c "CREATE DATABASE $(BENCH_DB)"
	$(PY) manage.py migrate -v0
	$(PY) manage.py bench $(BENCH_ARGS)

# The site beside the Wagtail reference site, measured by its harness in one session: a dedicated
# PostgreSQL database, recreated each run. WAGTAIL_BENCH is the harness's folder; its setup.sh
# (run here when its virtualenv is missing) builds the Wagtail site and its 10,000 articles once.
WAGTAIL_BENCH ?= ../shared/bench
WAGTAIL_DB ?= newsroom_vs_wagtail
.PHONY: bench-wagtail
bench-wagtail: export DJANGO_SECRET_KEY ?= insecure-key-for-benchmarks-only
bench-wagtail: export NEWSROOM_BENCHMARKS = 1
bench-wagtail: export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,testserver
bench-wagtail: export DJANGO_HTTPS ?= 0
bench-wagtail: export DATABASE_URL = postgres:///$(WAGTAIL_DB)
bench-wagtail: $(VENV)/.installed
	@test -x $(WAGTAIL_BENCH)/anchor.sh || { echo "No Wagtail harness at $(WAGTAIL_BENCH) (set WAGTAIL_BENCH)"; exit 1; }
	$(WAGTAIL_BENCH)/setup.sh --n 10000
	psql -q postgres:///postgres -c "DROP DATABASE IF EXISTS $(WAGTAIL_DB)" -c "CREATE DATABASE $(WAGTAIL_DB)"
	$(PY) manage.py migrate -v0
	$(PY) manage.py compare_wagtail --stories 10000 --harness $(WAGTAIL_BENCH) $(BENCH_ARGS)

# Load test: a dedicated PostgreSQL database, gunicorn (2 workers) and Redis, loopback only, 30 s.
LOAD_DB ?= newsroom_load
.PHONY: load
load: export DJANGO_SECRET_KEY ?= insecure-key-for-load-tests-only
load: export NEWSROOM_BENCHMARKS = 1
load: export DJANGO_HTTPS ?= 0
load: export DATABASE_URL = postgres:///$(LOAD_DB)
load: export REDIS_URL ?= redis://127.0.0.1:6379/13
load: $(VENV)/.installed
	@command -v wrk >/dev/null || { echo "Installing Debian's wrk"; apt-get install -y -qq wrk >/dev/null; }
	psql -q postgres:///postgres -c "DROP DATABASE IF EXISTS $(LOAD_DB)" -c "CREATE DATABASE $(LOAD_DB)"
	$(PY) manage.py migrate -v0
	$(PY) manage.py loadtest $(LOAD_ARGS)
