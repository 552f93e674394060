# `make run` serves the dashboard at http://localhost:8501; `make test` runs every check.
# Both create the virtual environment and install what they need on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint validate chromium clean

$(VENV)/.run-deps: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-deps: $(VENV)/.run-deps requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.run-deps
	$(VENV)/bin/streamlit run dashboard.py --server.port $(PORT)

# Debian's chromium for the browser tests (never a downloaded browser build).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing and cannot be installed here: browser tests will fail under CI, skip locally"; fi; }

lint: $(VENV)/.test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/sqlfluff lint queries --disable-progress-bar --nocolor

validate: $(VENV)/.test-deps
	$(PY) -m drugpolicy validate
	$(VENV)/bin/frictionless validate data/datapackage.json

test: $(VENV)/.test-deps chromium lint validate
	$(PY) -m pytest

clean:
	rm -rf $(VENV) .pytest_cache
