# The two commands of README.md, plus a few helpers.
#   make book   install everything into .venv (first time only) and build the website
#   make test   install everything into .venv (first time only) and run the tests
#   make test-quick  the unit tests alone, for working (no site, browser, PDF or slow test)
#   make pdf    build the PDF edition (installs TeX Live with tools/system-packages.sh first)
#   make lint   ruff's lint of the Python code (part of make test); make format lays the code out
#   make lock   refresh constraints.txt, the exact versions make and Binder install
# Both are safe to repeat: the virtual environment is rebuilt only when requirements change.
# requirements.txt is the reader's (and Binder's) install; requirements-dev.txt adds the build
# and test tools; constraints.txt pins every version (requirements.txt applies it).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
JB_FLAGS := -W -n --keep-going

.PHONY: book pdf test test-quick lint format benchmark clean help vendor system-packages lock

help:
	@echo "make book      build the website into _build/html (installs into $(VENV) first)"
	@echo "make test      run the tests (installs into $(VENV) first)"
	@echo "make test-quick  the unit tests alone, under a minute: no website, browser, PDF or slow test"
	@echo "make pdf       build the PDF edition into _build/latex/book.pdf (needs TeX Live, see README.md;"
	@echo "               shares the execution cache with make book, so after it no page runs again)"
	@echo "make lint      ruff's lint of the Python code (rules in ruff.toml) and actionlint's of the"
	@echo "               GitHub workflows; make test runs it first"
	@echo "make format    sort the imports and lay the Python code out with ruff"
	@echo "make benchmark time the network's training on full MNIST"
	@echo "make lock      resolve requirements-dev.txt afresh and write the exact versions to constraints.txt"
	@echo "make clean     remove the built site (keeps the execution cache)"

$(BIN)/.installed: requirements.txt requirements-dev.txt constraints.txt code/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# constraints.txt, afresh: the newest versions that fit requirements-dev.txt, resolved in a
# throw-away virtual environment (without the old constraints), then frozen. Run `make test`
# before committing the new file: Binder and every `make` install exactly these versions.
LOCK_VENV := _build/lock-venv
lock:
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	sed '/^-c /d' requirements.txt > $(LOCK_VENV)/requirements.txt
	cp requirements-dev.txt $(LOCK_VENV)/requirements-dev.txt
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet -r $(LOCK_VENV)/requirements-dev.txt
	{ sed -n '/^#/p' constraints.txt; $(LOCK_VENV)/bin/python -m pip freeze --exclude-editable | grep -v '^#'; } \
		> constraints.txt.new && mv constraints.txt.new constraints.txt
	rm -rf $(LOCK_VENV)
	@echo "constraints.txt refreshed: run make test, then commit it"

# What the site serves itself: the JavaScript (widget manager, require.js, MathJax) from npm,
# and the in-browser Python (Pyodide 0.27.7 and its packages, tqdm), each checked against pins.
vendor: $(BIN)/.installed
	$(BIN)/python tools/vendor_js.py
	$(BIN)/python tools/vendor_pyodide.py

# Chromium and its driver for the browser tests, TeX Live and poppler for the PDF edition
# (Debian/Ubuntu; skipped with a note elsewhere).
system-packages:
	bash tools/system-packages.sh

# After a successful build, tools/site_stamp.py stamps the site with a digest of its sources
# (taken before the build): a test session then uses the site as it is (tests/conftest.py).
book: vendor
	sources=$$($(BIN)/python tools/site_stamp.py sources) && $(BIN)/python tools/site_stamp.py forget && \
	$(BIN)/jupyter-book build . $(JB_FLAGS) && $(BIN)/python tools/site_stamp.py record $$sources
	$(BIN)/python tools/make_notebooks.py

# The PDF edition, typeset by XeLaTeX (settings in the latex: section of _config.yml). It reads
# the pages from the same execution cache as `make book`: only pages never built run now.
pdf: vendor system-packages
	$(BIN)/jupyter-book build . --builder pdflatex $(JB_FLAGS)
	@echo "The PDF edition: _build/latex/book.pdf"

test: lint vendor system-packages
	$(BIN)/python -m pytest

# For working: the tests without the marks site, pdf or slow (pytest.ini, tests/conftest.py).
# `make test` and CI still run every test.
test-quick: $(BIN)/.installed
	$(BIN)/python -m pytest -m "not (site or pdf or slow)"

# ruff: the rules are in ruff.toml, and in words in README.md ("Code style"); actionlint checks
# the GitHub workflows in .github/workflows.
lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/actionlint

format: $(BIN)/.installed
	$(BIN)/ruff check --select I --fix .
	$(BIN)/ruff format .

benchmark: $(BIN)/.installed
	$(BIN)/python benchmarks/train_speed.py

clean:
	$(BIN)/jupyter-book clean .
