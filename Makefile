# `make run` serves the dashboard at http://localhost:8501; `make test` runs every check.
# Both create the virtual environment and install what they need on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint validate system-deps clean

# pip installs the local component (components/plotly_light) as a copy, again on every run: rerun when it
# changes.
COMPONENTS := $(shell find components -type f -not -path '*/__pycache__/*' -not -path '*.egg-info/*' -not -path '*/build/*' -not -path '*/node_modules/*')

$(VENV)/.run-deps: requirements.txt $(COMPONENTS)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-deps: $(VENV)/.run-deps requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# What the browser tests load into chromium from the npm registry (package.json: axe-core for tests/test_a11y.py),
# installed as package-lock.json pins it; again when either changes.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: $(VENV)/.run-deps
	$(VENV)/bin/streamlit run dashboard.py --server.port $(PORT)

# Debian's chromium for the browser tests and chart images (never a downloaded browser build), nginx for the
# deployment config checks and pango's font library for the PDF profiles (WeasyPrint), installed when missing
# and the user may (root, or sudo).
SYSTEM_PACKAGES := chromium nginx libpangoft2-1.0-0
system-deps:
	@missing=""; for pkg in $(SYSTEM_PACKAGES); do command -v $$pkg >/dev/null 2>&1 || [ -x /usr/sbin/$$pkg ] || dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	  else echo "missing:$$missing (cannot install here): browser tests fail under CI, skip locally"; exit 0; fi; \
	  echo "installing$$missing with apt"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

lint: $(VENV)/.test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/sqlfluff lint queries --disable-progress-bar --nocolor

validate: $(VENV)/.test-deps
	$(PY) -m drugpolicy validate
	$(VENV)/bin/frictionless validate data/datapackage.json

test: $(VENV)/.test-deps node_modules/.installed validate system-deps lint
	$(PY) -m pytest

clean:
	rm -rf $(VENV) .pytest_cache node_modules
