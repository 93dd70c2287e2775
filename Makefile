# The two commands that matter: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
FRONTEND_PORT ?= 3000

.PHONY: run serve install install-test migrate sample admin test lint format check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed tests/requirements.txt
	$(BIN)/pip install --quiet -r tests/requirements.txt
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(BIN)/python manage.py migrate --no-input

sample: migrate
	$(BIN)/python manage.py load_sample_content

admin: migrate
	WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py ensure_admin

run: sample admin serve

# The CMS, the reference frontend and the task worker; Ctrl-C stops all three.
serve: install
	@export FRONTEND_URL=http://$(HOST):$(FRONTEND_PORT) \
		WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT); \
	$(BIN)/python frontend/serve.py --host $(HOST) --port $(FRONTEND_PORT) \
		--cms-url http://$(HOST):$(PORT) & frontend=$$!; \
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$frontend $$worker 2>/dev/null' EXIT INT TERM; \
	echo "CMS admin: http://$(HOST):$(PORT)/admin/  API: http://$(HOST):$(PORT)/api/v2/"; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-test
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Not a test: builds a PostgreSQL database of 10,000 terms once, times exporting
# and importing them, then loads the API with wrk (apt-get install wrk) and
# prints the numbers against the targets.
bench: install
	DJANGO_SETTINGS_MODULE=bench.settings $(BIN)/python manage.py benchmark

clean:
	rm -rf $(VENV) var
