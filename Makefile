# Kanade: `make run` serves the site, `make test` runs every test. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

export TF_CPP_MIN_LOG_LEVEL ?= 3
export TF_ENABLE_ONEDNN_OPTS ?= 0
export PYTHONDONTWRITEBYTECODE ?= 1

.PHONY: help install system-deps system-deps-run messages samples run test test-python test-js lint format
.PHONY: serve worker test-postgres test-services nsynth-data

help:
	@echo "make run    install, migrate, load the lessons and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   install (with browser test deps) and run every test"
	@echo "make lint   ruff check and format check"
	@echo "make serve  production web server (gunicorn; settings from the environment, docs/deploy.md)"
	@echo "make worker a Celery worker for generation jobs (needs CELERY_BROKER_URL)"
	@echo "make test-postgres  the Python suite on PostgreSQL (DATABASE_URL, default local kanade)"
	@echo "make nsynth-data    render the mini-NSynth into var/nsynth (GM SoundFonts; 14 min measured on 1 shared core)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when the pinned dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP) messages

messages: $(STAMP)
	$(BIN)/python scripts/compile_messages.py

# The studio's sound samples, rendered from the SoundFont into var/ (kept when up to date).
samples: $(STAMP)
	$(BIN)/python scripts/render_samples.py

# As root with apt, only what is missing; otherwise a printed note of what will not work.
system-deps:
	bash scripts/install_system_deps.sh test

system-deps-run:
	bash scripts/install_system_deps.sh run

run: install system-deps-run samples
	mkdir -p var/static
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py load_lessons
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install system-deps samples test-python test-js

test-python:
	$(BIN)/python -m pytest

test-js:
	node --test static/demos/tests/ static/studio/tests/ static/embed/tests/

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Production (docs/deploy.md): every setting comes from the environment.
serve: install system-deps-run samples
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/gunicorn -c gunicorn.conf.py

worker: install
	@test -n "$$CELERY_BROKER_URL" || { echo "set CELERY_BROKER_URL=redis://host:6379/0"; exit 2; }
	$(BIN)/celery -A webapp worker -l info --concurrency=$${CELERY_CONCURRENCY:-1}

# The whole Python suite on PostgreSQL (pytest-django creates and drops test_kanade). Browser
# tests are left out by default (PYTEST_MARK= runs them too): they test Chromium, not the database.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/kanade
PYTEST_MARK ?= not browser
test-postgres: install
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/python -m pytest $(if $(PYTEST_MARK),-m "$(PYTEST_MARK)") $(PYTEST_ARGS)

test-services: install
	$(BIN)/python -m pytest -m services tests/

# The NSynth timbre model's data (docs/models.md, "NSynth"): installs the SoundFonts when root,
# then renders only the instruments not yet in var/nsynth (re-running resumes).
nsynth-data: $(STAMP)
	bash scripts/install_system_deps.sh nsynth
	OPENBLAS_NUM_THREADS=1 $(BIN)/python scripts/build_nsynth_data.py --out var/nsynth
