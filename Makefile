# Two commands do everything: `make book` and `make test`. Both create .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.requirements-installed
JB_FLAGS := -W -n --keep-going

.PHONY: lint validate bench-book bench-archive bench-topics notebook book test test-fast bench clean clean-cache lab help chromium

help:
	@echo "make book   - build the book into _build/html (executes every chapter)"
	@echo "make test   - run the whole test suite (builds the book as part of it)"
	@echo "make bench  - run the benchmarks on ../shared/data/gnad_articles.csv (steps, whole book at 5/100/1,028 articles, Dask path)"
	@echo "make bench-topics - time the topic models alone (shipped corpus, 100 and 1,028 GNAD articles)"
	@echo "make lab    - open the chapters in JupyterLab (jupytext)"
	@echo "make notebook CHAPTER=corpus - run one chapter as a notebook into notebooks/corpus.ipynb"
	@echo "make clean  - remove _build (book, caches, screenshots)"

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# The corpus is validated once, before any chapter runs (target `validate`). On bad input make stops with
# $(error), whose text is the project's own message, so the last line printed names the file and the field
# (a failing recipe would be followed by make's own "Error 1" line instead).
# tools/build.py builds into a folder keyed on the hash of every input (corpus/, the package, tests/data,
# requirements.txt, _config.yml), runs the uncached chapters side by side with jupyter-cache, and swaps the new
# pages into _build/html (a link to the book being served) in one atomic step, only when the build succeeded.
# A second `make book` on the same tree waits for the first (see its docstring).
VALIDATION := _build/validation-failed.txt

book: validate
	$(if $(wildcard $(VALIDATION)),$(error $(file < $(VALIDATION))))
	$(BIN)/python tools/build.py

validate: $(STAMP)
	@mkdir -p _build; rm -f $(VALIDATION)
	@out=_build/validation-$$$$.txt; $(BIN)/python -m corpusbook.validate > $$out 2>&1 \
	  && { cat $$out; rm -f $$out; } || mv $$out $(VALIDATION)

# The browser tests drive Debian's chromium (nothing downloads a browser); installed here if missing.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: run 'sudo apt-get install chromium' (the browser tests will fail without it)"; fi; }

# Two workers; the chapters of one corpus shape run in one kernel, so their tests stay on one worker.
PYTEST := $(BIN)/python -m pytest -n 2 --dist loadgroup

test: lint chromium
	$(PYTEST)

# The tests that need no kernel, no book build and no browser.
test-fast: lint
	$(PYTEST) -m "not book and not browser and not kernel"

# ruff: lint and format, configured in pyproject.toml
lint: $(STAMP)
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/ruff format --check src tests tools benchmarks

bench: $(STAMP) bench-book bench-archive
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# The topic-model computations on the shipped corpus and on 100 and 1,028 GNAD articles, step by step, with the
# convergence of every fit (benchmarks/topics.py; `make bench` runs the same as its "topics" part). At most 60 s at 1,028.
bench-topics: $(STAMP)
	$(BIN)/python -m benchmarks.topics $(BENCH_TOPICS_ARGS)

# The whole book built cold on 5, 100 and 1,028 GNAD articles (benchmarks/book_scale.py; never part of make test).
bench-book: $(STAMP)
	$(BIN)/python benchmarks/book_scale.py $(BOOK_SCALE_ARGS)

# The Dask path on GNAD replicated to >= 20 million tokens, workers capped at 1 GB (benchmarks/archive.py).
bench-archive: $(STAMP)
	$(BIN)/python -m benchmarks.archive $(ARCHIVE_ARGS)

notebook: $(STAMP)
	$(BIN)/python tools/notebook.py $(CHAPTER)

# JupyterLab with jupyterlab-myst (MyST rendered in Markdown cells) and jupytext (chapters open as notebooks).
# The versions the chapters were opened and run with (JupyterLab 4.6, jupyterlab-myst 2.7, jupytext 1.19).
lab: $(STAMP)
	$(BIN)/python -m pip install --quiet jupyterlab==4.6.6 jupyterlab-myst==2.7.0
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) chapters/

clean-cache:
	rm -rf _build/work

clean:
	rm -rf _build
