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

.PHONY: help install system-deps messages run test test-python test-js lint format

help:
	@echo "make run    install, migrate, load the lessons and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   install (with browser test deps) and run every test"
	@echo "make lint   ruff check and format check"

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

system-deps:
	bash scripts/install_system_deps.sh

run: install
	mkdir -p var/static
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py load_lessons
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install system-deps test-python test-js

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
