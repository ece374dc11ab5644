# Two commands do all the set-up on a fresh machine (README, Quick start):
#   make run    start the dashboard on the bundled sample data
#   make test   run the whole test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench install browser

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

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_import.py
