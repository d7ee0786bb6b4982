# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
# `make run` is production minus HTTPS: debug off, gunicorn, WhiteNoise, real error pages.
RUN_ENV :=

.PHONY: messages run test test-cluster cluster test-evening test-pgbouncer test-security audit soak setup deps dev-deps superuser lint format ci clean backup restore bench bench-quick bench-counter bench-filecache

$(VENV)/.created:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	touch $@

$(VENV)/.deps: requirements.txt $(VENV)/.created
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements-dev.txt requirements.txt $(VENV)/.deps
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

deps: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps

# Local settings generated once into the git-ignored .env file: a fresh secret key, and the
# embedded mode (plain HTTP on this machine, the app serving uploads). Real env vars win.
.env:
	@{ echo "DJANGO_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	   echo "DJANGO_ALLOWED_HOSTS=localhost,127.0.0.1,[::1]"; \
	   echo "DJANGO_HTTPS=false"; \
	   echo "DJANGO_SERVE_MEDIA=true"; } > .env
	@echo "Created .env (local settings with a new DJANGO_SECRET_KEY; not committed)."

# The project's Vietnamese catalogues (locale/vi: admin strings Django's own lacks), compiled
# with Babel (pinned in requirements.txt) rather than GNU gettext's msgfmt, which a fresh machine
# may not have and which would need root to install. Rebuilt only when a .po file changes.
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
locale/%.mo: locale/%.po $(VENV)/.deps
	$(VENV)/bin/pybabel compile -i $< -o $@
messages: $(MESSAGES)

setup: deps .env messages
	mkdir -p var
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(RUN_ENV) $(PY) manage.py load_demo --if-empty

# gunicorn and the background-job worker (photo renditions, text extraction, notices) side by
# side: portal/serve.py starts both, and Ctrl-C stops both.
run: setup
	@echo "Cổng thông tin: http://127.0.0.1:$(PORT)/  (tạo tài khoản quản trị: make superuser)"
	$(RUN_ENV) PORT=$(PORT) GUNICORN_WORKERS=$${GUNICORN_WORKERS:-2} GUNICORN_THREADS=$${GUNICORN_THREADS:-4} \
		$(PY) -m portal.serve

superuser: setup
	$(RUN_ENV) $(PY) manage.py createsuperuser

# The browser journeys share one demo load and one live server, so they run in one process
# after the rest (exit code 5, "no test selected", is fine when PYTEST_ARGS filters them out).
# --dist loadgroup keeps a module marked xdist_group (tests/deploy's nginx and app hosts) in one
# worker, so its processes start once; other tests spread as with the default.
test: dev-deps messages
	$(PY) -m pytest -n $${PYTEST_WORKERS:-2} --dist loadgroup --ignore=tests/browser --ignore=tests/cluster $(PYTEST_ARGS)
	$(PY) -m pytest tests/browser $(PYTEST_ARGS) || [ $$? -eq 5 ]
	@if [ "$${CLUSTER_DRILLS:-1}" != 0 ]; then $(MAKE) --no-print-directory test-cluster; fi

# The failure drills on the production shape simulated on this machine (tests/cluster): nginx,
# two app hosts on their own loopback addresses, PgBouncer, a PostgreSQL primary and its
# streaming replica, Redis and SeaweedFS, all started by the tests (~3 minutes). They bring
# their own databases, so CLUSTER_DRILLS=0 leaves them out of a second `make test` on another
# DATABASE_URL. Needs nginx, pgbouncer, PostgreSQL's server tools, redis-server and wrk.
test-cluster: dev-deps messages
	$(PY) -m pytest tests/cluster $(PYTEST_ARGS) || [ $$? -eq 5 ]

# The same cluster with the demo content, until Ctrl-C: its addresses are printed.
cluster: dev-deps messages
	$(PY) -m tests.cluster.simulated

# The non-browser suite again with the clock at 20:30 UTC today, when Vietnam (UTC+7) is already on
# the next day: catches a UTC date written or compared where the reader's local day was meant.
test-evening: dev-deps messages
	PORTAL_TEST_CLOCK=evening $(PY) -m pytest -n $${PYTEST_WORKERS:-2} --dist loadgroup --ignore=tests/browser --ignore=tests/cluster $(PYTEST_ARGS)

# The network and news suites through PgBouncer in transaction pooling mode (DATABASE_POOLER=
# pgbouncer), started on a free port in front of the PostgreSQL at PGBOUNCER_TARGET
# (127.0.0.1:5432 by default). Needs pgbouncer (apt-get install pgbouncer).
test-pgbouncer: dev-deps messages
	$(PY) -m tests.pgcluster pgbouncer -- bash -c 'DATABASE_URL=postgres://postgres@127.0.0.1:$$PGBOUNCER_PORT/bcd35_pgbouncer \
		DATABASE_POOLER=pgbouncer $(PY) -m pytest -n $${PYTEST_WORKERS:-2} tests/network tests/news $(PYTEST_ARGS)'

# Hostile uploads, stored XSS (with Chromium), role matrix, abuse limits and a 50-URL header
# crawl (under a minute on an idle two-core machine, 3–5 minutes when it is shared). Ends with one
# line of figures per suite. CI runs it on SQLite and on PostgreSQL.
test-security: dev-deps messages
	SECURITY_SUITES=1 $(PY) -m pytest -n $${PYTEST_WORKERS:-2} tests/security $(PYTEST_ARGS)

# First every pin against the newest release on the package index, asked through pip so it
# answers wherever `pip install` does (ops/pins.py): a Django behind the newest patch release of
# its series fails, other outdated pins are listed, an unreachable index fails.
# Then known vulnerabilities (PyPI advisories) in every pinned dependency and what they pull in,
# resolved as `pip install -r requirements-dev.txt` would. Skipped, not failed, when PyPI's
# per-release JSON (where pip-audit reads advisories) cannot be reached, e.g. on a closed network
# or behind a mirror that serves only the package index; a vulnerability found fails.
AUDIT_PROBE = https://pypi.org/pypi/django/$(shell sed -n 's/^Django==//p' requirements.txt)/json
audit: dev-deps
	$(PY) -m ops.pins requirements.txt requirements-dev.txt
	@if curl -fsS --max-time 15 -o /dev/null $(AUDIT_PROBE) 2>/dev/null; then \
		$(VENV)/bin/pip-audit --strict --progress-spinner off --desc off -r requirements-dev.txt; \
	else \
		echo "pip-audit skipped: index unreachable ($(AUDIT_PROBE) did not answer)"; \
	fi

# Bounded load test: production settings, PostgreSQL + Redis, SOAK_CONNECTIONS connections for
# SOAK_SECONDS (defaults 50 and 600); writes bench/results/soak-latest.md (method: bench/soak.py).
SOAK_SECONDS ?= 600
SOAK_CONNECTIONS ?= 50
soak: dev-deps
	SOAK_SECONDS=$(SOAK_SECONDS) SOAK_CONNECTIONS=$(SOAK_CONNECTIONS) $(PY) bench/soak.py

# The pre-commit hooks on every file (.pre-commit-config.yaml): ruff, ruff format,
# django-upgrade and djhtml. A hook that would change a file fails the run.
lint: dev-deps
	$(VENV)/bin/pre-commit run --all-files --show-diff-on-failure

format: dev-deps
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

ci:
	bash .ci/run

# Database + media + document files, with a checksum manifest (see README "Backup and restore").
BACKUP_DIR ?= var/backups
backup: deps
	$(PY) manage.py backup_site --output-dir $(BACKUP_DIR)

restore: deps
	@test -n "$(ARCHIVE)" || { echo "Usage: make restore ARCHIVE=var/backups/<file>.tar.gz"; exit 2; }
	$(PY) manage.py restore_site "$(ARCHIVE)" $(if $(FORCE),--force,)

# Benchmarks against PostgreSQL + Redis (see docs/performance.md).
bench: dev-deps
	$(PY) bench/run.py
	$(PY) bench/counter.py

bench-quick: dev-deps
	$(PY) bench/run.py --quick

bench-counter: dev-deps
	$(PY) bench/counter.py

# The file cache (no Redis) against Django's default file cache, 3,000 page writes.
bench-filecache: dev-deps
	$(PY) bench/filecache.py

clean:
	rm -rf var .pytest_cache
