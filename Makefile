# Points in Space: two commands.
#   make course   install everything into .venv and open the course in JupyterLab
#   make test     install what the tests need (incl. Debian's chromium) and run the whole suite
# Both are idempotent: a second run installs nothing (stamp files in .venv record what is done).

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
TORCH  ?= torch==2.13.0
LAB_ARGS ?=

.PHONY: course install test test-deps chromium bench clean

course: install
	$(VENV)/bin/jupyter lab $(LAB_ARGS) notebooks/00_start_here.ipynb

install: $(VENV)/.stamp-course

test: test-deps
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure here"; exit 1; fi; exit $$rc

test-deps: $(VENV)/.stamp-test chromium

bench: install
	$(PY) bench/run.py

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# torch first, pinned, so pip never pulls a multi-GB CUDA build for sentence-transformers;
# recbole only for its MovieLens 100k files (never imported), hence --no-deps.
$(VENV)/.stamp-course: pyproject.toml | $(VENV)/bin/python
	$(PY) -c "import torch" 2>/dev/null || $(PIP) install -q "$(TORCH)"
	$(PIP) install -q -e ".[lab]"
	$(PIP) install -q --no-deps recbole==1.2.1
	touch $@

$(VENV)/.stamp-test: $(VENV)/.stamp-course
	$(PIP) install -q -e ".[lab,test]"
	touch $@

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install -y chromium"; exit 1; fi; }

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
