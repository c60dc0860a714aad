# hooklab: `make lab` to learn, `make test` to check. Both install what is missing first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
JUPYTER_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: setup lab test test-offline bench clean lint format guarddog offline-bundle recorded

setup:
	@bash scripts/setup.sh

# `make lab EDITION=en` opens the English edition (notebooks/en/).
EDITION ?= ko
START := $(if $(filter en,$(EDITION)),notebooks/en,notebooks)/00-start-here.ipynb
lab: setup
	$(VENV)/bin/jupyter lab --ip 127.0.0.1 --no-browser $(JUPYTER_ROOT) \
		--ServerApp.root_dir="$(CURDIR)" $(START)

test: setup
	@bash scripts/test.sh

# Only the offline part of `make test`: collect the kit, cut the network, run everything (root).
test-offline: setup
	@bash scripts/services.sh start && trap 'bash scripts/services.sh stop' EXIT && \
		bash scripts/offline-test.sh $(KIT)

bench: setup
	$(PY) scripts/bench.py

# Everything the notebooks and labs need, in one folder a trainer can copy (KIT=folder).
offline-bundle: setup
	@bash scripts/offline-bundle.sh $(or $(KIT),offline-kit)

# The committed notebooks as HTML with their recorded outputs, for a room without Docker or
# network: nothing is executed (no --execute, no kernel). Open $(RECORDED)/00-start-here.html.
RECORDED ?= .hooklab/recorded
NOTEBOOKS ?= notebooks
recorded:
	@mkdir -p $(RECORDED)
	$(VENV)/bin/jupyter nbconvert --to html --output-dir $(RECORDED) $(NOTEBOOKS)/*.ipynb

# GuardDog, the scanner notebook 10 compares against, in its own venv (make setup runs this too).
guarddog:
	@bash scripts/setup.d/60-guarddog.sh

# ruff, mypy and shellcheck (scripts/lint.sh; `make test` runs the same as its first phase).
lint:
	@bash scripts/lint.sh

format:
	$(VENV)/bin/ruff format conftest.py src tests scripts benchmarks
	$(VENV)/bin/ruff check --fix conftest.py src tests scripts benchmarks

clean:
	rm -rf .hooklab build .pytest_cache
