# Two commands do all the set-up on a fresh machine (README, Quick start):
#   make run    start the dashboard on the bundled sample data (runtime lock only)
#   make test   run the whole test suite (test lock; installs Chromium if missing)
# Installs come from the locks of tested versions (requirements.txt, requirements-test.txt);
# `make lock` upgrades them, `make test-latest` runs the suite on the newest releases allowed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8501
LATEST := .venv-latest

.PHONY: run test test-latest lock bench install install-test browser crash-loop fuzz sessions

$(BIN)/python:
	@echo "==> creating the virtual environment $(VENV)"
	$(PY) -m venv $(VENV)

# Locked packages, checked against their hashes; then the project itself (no dependencies, no
# download: its build backend is in the lock).
$(VENV)/.run-installed: requirements.txt pyproject.toml | $(BIN)/python
	@echo "==> installing the runtime lock (requirements.txt)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.test-installed
	@touch $@

$(VENV)/.test-installed: requirements-test.txt pyproject.toml | $(BIN)/python
	@echo "==> installing the test lock (requirements-test.txt)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@ $(VENV)/.run-installed

install: $(VENV)/.run-installed
install-test: $(VENV)/.test-installed

# The sample database is built before the server starts, so the first page does not pay for it.
run: $(VENV)/.run-installed
	@echo "==> preparing the database (the bundled sample on first start)"
	$(BIN)/studiodash init
	@echo "==> serving http://$(HOST):$(PORT) (Ctrl+C stops it; HOST=0.0.0.0 or PORT=8502 change where)"
	$(BIN)/streamlit run dashboard/app.py --server.address $(HOST) --server.port $(PORT)

# Browser tests use Debian's Chromium and CJK fonts (never a downloaded browser); the proxy test
# serves the app through nginx with deploy/nginx.conf.
browser:
	@test -x /usr/bin/chromium && test -x /usr/sbin/nginx && fc-list | grep -q "Noto Sans CJK" && \
	  fc-list | grep -qi "emoji" || \
	  { echo "==> installing Chromium, fonts and nginx (apt-get)"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium fonts-noto-cjk fonts-noto-color-emoji nginx-light >/dev/null; }

test: $(VENV)/.test-installed browser
	$(BIN)/python -m pytest -q

# The suite on the newest releases the ranges in pyproject.toml allow, in a venv of its own:
# drift shows up here as a failing command, not as wrong numbers in production.
test-latest: browser
	@echo "==> installing the newest releases allowed by pyproject.toml into $(LATEST)"
	test -x $(LATEST)/bin/python || $(PY) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade -r requirements-build.in
	$(LATEST)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade --upgrade-strategy eager -e '.[test]'
	$(LATEST)/bin/python -m pip list --disable-pip-version-check 2>/dev/null | grep -iE '^(duckdb|streamlit|pandas|plotly|pyarrow|numpy) '
	$(LATEST)/bin/python -m pytest -q

# Upgrade both locks to the newest releases the ranges allow (then run `make test`).
lock: $(VENV)/.test-installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check 'uv>=0.9'
	$(BIN)/uv pip compile pyproject.toml requirements-build.in --upgrade --generate-hashes \
	  --python-version 3.11 --custom-compile-command "make lock" -o requirements.txt
	$(BIN)/uv pip compile pyproject.toml requirements-build.in --extra test --upgrade --generate-hashes \
	  --python-version 3.11 -c requirements.txt --custom-compile-command "make lock" \
	  -o requirements-test.txt

# Every benchmark at city, province and national scale; writes benchmarks/RESULTS.md (README).
bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/run_all.py

# Reliability at full size (README, Reliability guarantees): 25 SIGKILLs of a national import,
# and a long random fuzzing campaign. `make test` runs both at small scale.
crash-loop: $(VENV)/.test-installed
	$(BIN)/python benchmarks/crash_loop.py --scale national --kills 25

sessions: $(VENV)/.test-installed browser
	STUDIODASH_TEST_SESSIONS=20 $(BIN)/python -m pytest -q tests/test_app_sessions.py

fuzz: $(VENV)/.test-installed
	STUDIODASH_FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest -q tests/test_fuzz.py
