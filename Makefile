# Points in Space: two commands.
#   make course   install everything into .venv and open the course in JupyterLab
#   make test     install what the tests need (incl. Debian's chromium) and run the whole suite
#   make teacher  write teacher/: each notebook with its route, recall questions and worked answers
# Both are idempotent: a second run installs nothing (stamp files in .venv record what is done).

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
TORCH  ?= torch==2.13.0
LAB_ARGS ?=

.PHONY: course install test test-deps chromium bench clean teacher

LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json

# --allow-root as root (Docker, WSL, cloud machines); --no-browser where there is no browser.
course: install $(LAB_SETTINGS)
	@args=""; [ "$$(id -u)" = 0 ] && args="--allow-root"; \
	if ! $(PY) -c "import webbrowser; webbrowser.get()" >/dev/null 2>&1; then args="$$args --no-browser"; \
	  echo ">>> No web browser found here: open the http://127.0.0.1:.../lab?token=... URL that JupyterLab prints below in a browser. <<<"; fi; \
	exec $(VENV)/bin/jupyter lab $$args $(LAB_ARGS) notebooks/00_start_here.ipynb

# kernels shut down when their notebook closes (the same file postBuild installs on Binder)
$(LAB_SETTINGS): lab-overrides.json | $(VENV)/bin/python
	mkdir -p $(@D) && cp $< $@

install: $(VENV)/.stamp-course

test: test-deps
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure here"; exit 1; fi; exit $$rc

test-deps: $(VENV)/.stamp-test chromium

# the teacher's edition (notebooks/teacher/*.md put in place by tools/make_teacher.py); gitignored
teacher: install
	$(PY) tools/make_teacher.py

# helpers/core.py from the notebooks' core cells (edit a core in its notebook, then run this);
# tests/test_cores.py fails while the two differ
.PHONY: cores
cores:
	$(PYTHON) tools/save_cores.py

bench: install
	$(PY) bench/run.py

# the whole course as mybinder.org runs it: one CPU, 2 GiB memory cap, empty caches, no network
.PHONY: binder-check
binder-check: install
	$(PY) bench/binder_like.py $(BINDER_ARGS)

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

# The course as a static website in site/: every notebook executed offline from a fresh kernel,
# its widgets' state stored, the explorers live with no kernel (tools/build_site.py). Node and npm
# must be installed; the pinned npm packages (tools/site/package-lock.json) install themselves.
.PHONY: site site-test node
site: install node
	$(PY) tools/build_site.py $(SITE_ARGS)

# build site/ and check it in chromium: from a local server and from file://, no request to another
# host, drags against Python's neighbours, axe-core, phone width (tests/test_site.py)
site-test: site test-deps
	@SITE_DIR=$(CURDIR)/site $(PY) -m pytest -m site tests/test_site.py $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no site tests: that is a failure here"; exit 1; fi; exit $$rc

node:
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nodejs npm; \
	  else echo "The site build needs Node.js and npm: sudo apt-get install -y nodejs npm"; exit 1; fi; }

# Colab's own preinstalled packages (tools/colab-constraints.txt, Colab of 2026-08-19) in .colab-venv/
# (Python 3.13, pyenv's or COLAB_PYTHON; kept for the next run, ~7 GB with PyPI's CUDA torch), the course
# installed as the Colab setup cell does, every notebook run offline; see tools/colab_like.py.
.PHONY: colab-check
colab-check:
	$(PYTHON) tools/colab_like.py

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache site tools/site/node_modules
