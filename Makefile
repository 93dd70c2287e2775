# The two commands that matter: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
FRONTEND_PORT ?= 3000

.PHONY: run serve install install-test migrate sample admin test lint format check bench clean \
	frontend-install frontend-build frontend-check frontend-types lighthouse

# The reference frontend needs Node.js 20.9 or newer and npm; without them `make run`
# serves the CMS alone and `make test` skips the frontend's checks.
NODE_OK := $(shell node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 9) ? 0 : 1)' 2>/dev/null && npm --version >/dev/null 2>&1 && echo yes)
NO_NODE := Node.js 20.9 or newer with npm is not installed: install it for the reference site on :$(FRONTEND_PORT) (https://nodejs.org).

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

# The CMS, the task worker and (with Node.js) the reference frontend, whose
# pages the CMS's publish webhook refreshes; Ctrl-C stops them all.
serve: install $(if $(NODE_OK),frontend-build)
	@mkdir -p var
	@test -s var/revalidate-secret || (umask 077; $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(32))" > var/revalidate-secret)
	@export FRONTEND_URL=http://$(HOST):$(FRONTEND_PORT) \
		WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) \
		REVALIDATE_SECRET=$$(cat var/revalidate-secret); \
	if [ -n "$(NODE_OK)" ]; then \
		$(BIN)/python manage.py ensure_webhook "Reference frontend" \
			http://$(HOST):$(FRONTEND_PORT)/api/revalidate/ --secret-env REVALIDATE_SECRET; \
		(cd frontend && NODE_ENV=production PORT=$(FRONTEND_PORT) HOSTNAME=$(HOST) \
			CMS_URL=http://$(HOST):$(PORT) node server.mjs) & frontend=$$!; \
	else \
		echo "$(NO_NODE)"; \
	fi; \
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$frontend $$worker 2>/dev/null' EXIT INT TERM; \
	echo "CMS admin: http://$(HOST):$(PORT)/admin/  API: http://$(HOST):$(PORT)/api/v2/"; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend-install: frontend/node_modules/.installed

# Rebuilt only when a source file changed.
FRONTEND_SOURCES := $(shell find frontend/app frontend/components frontend/lib -type f 2>/dev/null) \
	frontend/next.config.ts frontend/server.mjs frontend/tsconfig.json
frontend/.next/BUILD_ID: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	cd frontend && NEXT_TELEMETRY_DISABLED=1 npm run build

frontend-build: frontend/.next/BUILD_ID

# Type check, lint and unit tests of the frontend.
frontend-check: frontend-install
	cd frontend && npm run typecheck && npm run lint && npm test

# lib/glossary-api.d.ts from the CMS's OpenAPI document; a test fails while
# the checked-in copy differs.
frontend-types: install frontend-install
	@mkdir -p var
	$(BIN)/python manage.py export_openapi_schema --api glossary.delivery.api.api \
		--output var/glossary-openapi.json
	cd frontend && npx openapi-typescript ../var/glossary-openapi.json -o lib/glossary-api.d.ts

# SEO, accessibility, best practices and performance of the production
# build, scored by Lighthouse in Chromium (CHROME_PATH, /usr/bin/chromium by
# default) against the sample content; fails below the targets.
lighthouse: install frontend-build
	cd frontend && PYTHON=../$(BIN)/python node scripts/lighthouse.mjs

test: install-test $(if $(NODE_OK),frontend-check frontend-build)
	@test -n "$(NODE_OK)" || echo "$(NO_NODE) Its tests are skipped."
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
	rm -rf $(VENV) var frontend/node_modules frontend/.next
