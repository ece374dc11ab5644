# Two commands do all the set-up on a fresh machine (README, Quick start):
#   make run    start the dashboard on the bundled sample data
#   make test   run the whole test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench install browser crash-loop fuzz

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run dashboard/app.py --server.port $${PORT:-8501}

# Browser tests use Debian's Chromium and CJK fonts (never a downloaded browser).
browser:
	@test -x /usr/bin/chromium && fc-list | grep -q "Noto Sans CJK" && fc-list | grep -qi "emoji" || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium fonts-noto-cjk fonts-noto-color-emoji >/dev/null; }

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# Every benchmark at city, province and national scale; writes benchmarks/RESULTS.md (README).
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

# Reliability at full size (README, Reliability guarantees): 25 SIGKILLs of a national import,
# and a long random fuzzing campaign. `make test` runs both at small scale.
crash-loop: $(STAMP)
	$(BIN)/python benchmarks/crash_loop.py --scale national --kills 25

fuzz: $(STAMP)
	STUDIODASH_FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest -q tests/test_fuzz.py
