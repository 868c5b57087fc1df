# QI One-Stop: the two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test e2e install messages makemessages lint format check ci clean serve worker bench screenshots

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $(STAMP)

install: $(STAMP)

# Compiled catalogues are build output: compile them from locale/*.po on every set-up.
messages: $(STAMP)
	@$(PY) manage.py compile_catalogues

makemessages: $(STAMP)
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var --ignore=node_modules --no-obsolete

run: messages
	@mkdir -p var/mail var/media var/private
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py load_demo
	@echo ""
	@echo "  QI One-Stop is running at http://$(HOST):$(PORT)/  (English: http://$(HOST):$(PORT)/en/)"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/  user: admin  password: changeme"
	@echo "  Email is written to var/mail/. Scheduled jobs: http://$(HOST):$(PORT)/admin/scheduled-jobs/"
	@echo "  Stop with Ctrl-C."
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py db_worker --queue-name '*' & \
	$(PY) manage.py run_scheduler & \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: messages
	$(BIN)/pytest -n 2 --dist loadfile -m "not e2e" $(PYTEST_ARGS)

e2e: messages
	bash .ci/install-browser
	$(BIN)/pytest -m e2e tests/e2e -n 2 --dist loadfile $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: messages
	DJANGO_SETTINGS_MODULE=website.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=website.settings.test $(PY) manage.py makemigrations --check --dry-run

# Our pages against a vanilla Wagtail site and a hello-world view under gunicorn (docs/performance.md).
bench: messages
	$(PY) -m bench.ratio $(BENCH_ARGS)

# 390 px and 1280 px screenshots of every public page type in both languages (docs/screenshots/).
screenshots: messages
	$(PY) -m bench.screenshots

clean:
	rm -rf $(VENV) var/static
