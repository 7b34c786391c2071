# The two commands: `make run` and `make test`. Both create .venv when needed.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: worker scheduler bench-alerts run test lint format install bench bench-newsroom bench-publish screenshots clean security audit messages

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(BIN)/python manage.py load_reference_data
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(BIN)/python manage.py load_demo_content
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(BIN)/python manage.py ensure_local_admin --address $(HOST):$(PORT)
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Background work (docs/deploy.md): needs REDIS_URL (the broker) and the same settings as
# the web process. One or more workers on any machines; exactly one scheduler.
worker: install
	$(BIN)/celery -A osce_site worker --loglevel=INFO $(WORKER_ARGS)

scheduler: install
	$(BIN)/celery -A osce_site beat --loglevel=INFO --schedule=$${CELERY_BEAT_SCHEDULE_FILE:-.celerybeat-schedule}

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Interface catalogues: extract the strings marked in code and templates into
# locale/<lang>/LC_MESSAGES/django.po for every language but English (needs GNU gettext:
# apt-get install gettext), then compile the .mo files with Babel. Commit both.
messages: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(BIN)/python manage.py compile_catalogues --extract

screenshots: install
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --no-input -v0
	DJANGO_DEBUG=true $(BIN)/python manage.py load_reference_data
	DJANGO_DEBUG=true $(BIN)/python manage.py load_demo_content
	DJANGO_DEBUG=true $(BIN)/python tests/screenshots.py

bench-newsroom: install
	$(BIN)/python tests/bench/newsroom.py

# The whole site over HTTP (gunicorn + wrk), cache on and off: see tests/bench/site.py.
bench: install
	$(BIN)/python tests/bench/site.py $(BENCH_ARGS)

# Static security review: bandit must report nothing of medium or high severity that is
# not marked reviewed (# nosec with the reason beside it).
bench-publish: install
	$(BIN)/python tests/bench/load_publish.py

security: install
	$(BIN)/bandit -q -r osce_site releases taxonomy countries manage.py -ll

# Known-vulnerability audit of the installed packages. Needs the vulnerability database
# online; --strict makes it fail (not pass silently) when it cannot reach it.
audit: install
	$(BIN)/python -m pip install --quiet "pip-audit>=2.7,<3"
	$(BIN)/pip-audit --strict

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache
