# storingsradar — every job a newcomer needs, each installing what it needs first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := out

# The demo's scenario: a few days, a seed not used while developing the detector.
DEMO_SEED ?= 4242
DEMO_DAYS ?= 3

.PHONY: install demo test lint bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: install
	$(BIN)/storingsradar simulate --seed $(DEMO_SEED) --days $(DEMO_DAYS) --out $(OUT)/demo/scenario
	$(BIN)/storingsradar replay --scenario $(OUT)/demo/scenario --out $(OUT)/demo/replay

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

bench: install
	$(BIN)/python -m bench.replay

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
