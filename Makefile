# Two commands on a fresh Debian machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
ADDRESS ?= 127.0.0.1

.PHONY: run test lint test-tools backup restore admin clean

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && \
	    rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); \
	  else echo "python3 -m venv failed: install python3-venv (sudo apt-get install python3-venv)"; exit 1; fi; }

$(VENV)/.run-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.address $(ADDRESS)

# Debian's chromium is the test browser and poppler-utils read the PDF reports back (pdftotext,
# pdftoppm); nothing is downloaded at run time.
test-tools:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian's$$missing for the tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "missing:$$missing and we are not root: those tests will be skipped (they fail under CI=true)"; fi

# ruff, then the layer contracts of lib/ (pyproject.toml [tool.importlinter], docs/ARCHITECTURE.md).
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo --no-cache

test: $(VENV)/.dev-installed test-tools lint
	@$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$status

# A verified backup into data/backups/ (the running app makes it if it holds the store).
backup: $(VENV)/.run-installed
	$(BIN)/python -m lib.store.backup backup

# make restore FILE=data/backups/app-….duckdb (the state before it is kept as a backup too).
restore: $(VENV)/.run-installed
	@test -n "$(FILE)" || { echo "usage: make restore FILE=data/backups/app-YYYYMMDD-HHMMSS.duckdb"; exit 2; }
	$(BIN)/python -m lib.store.backup restore "$(FILE)"

# The first administrator of a shared server (docs/ACCESS.md): make admin NAME=name (asks for a password;
# an e-mail as NAME signs in through the municipality's identity provider). Run it while the app is stopped.
admin: $(VENV)/.run-installed
	@test -n "$(NAME)" || { echo "usage: make admin NAME=name"; exit 2; }
	$(BIN)/python -m lib.access.accounts admin "$(NAME)"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
