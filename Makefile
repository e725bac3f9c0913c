# Every check a contributor must pass before merging is `make check` (CI runs it too).
# The tools come from the project's virtual environment: set it up as README says.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: check lint format-check types test lock

check: lint format-check types test

lint:
	$(BIN)/ruff check .

format-check:
	$(BIN)/ruff format --check .

types:
	$(BIN)/mypy

test:
	$(BIN)/pytest -q

# Refresh constraints.txt, the lock of tested versions that README and .ci/run install from:
# resolve pyproject's requirements afresh in a throw-away venv (newest releases allowed), then
# freeze it. Run `make check` on a venv installed from the new lock before committing it.
LOCK_VENV := .lock-venv

lock:
	rm -rf $(LOCK_VENV)
	python3 -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet -e '.[dev]'
	$(LOCK_VENV)/bin/pip check
	{ echo "# Tested versions of every package ilo-extract installs, with '.[dev]' (and '.[dask]')."; \
	  echo "# Made by 'make lock' on Python 3.11 (a fresh venv, pip install -e '.[dev]', pip freeze)."; \
	  $(LOCK_VENV)/bin/pip freeze --exclude-editable --all | grep -v '^pip=='; \
	} > constraints.txt
	rm -rf $(LOCK_VENV)
