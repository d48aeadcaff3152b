# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= data/events.db
PORT ?= 8001

.PHONY: install demo serve test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Crawl the bundled sample site offline, build data/events.db, serve it on 127.0.0.1:$(PORT).
demo: $(STAMP)
	$(BIN)/eufunds crawl --offline --db $(DB)
	$(BIN)/eufunds export --db $(DB) --out data/feeds
	@echo "Serving the SAMPLE catalogue at http://127.0.0.1:$(PORT)/events/events (Ctrl-C stops)"
	$(BIN)/eufunds serve --db $(DB) --port $(PORT)

## Serve $(DB) as in production on 127.0.0.1:$(PORT): nginx cache in front of one Datasette
## process per core, following each database `eufunds nightly` publishes (needs nginx).
serve: $(STAMP)
	$(BIN)/eufunds serve --production --db $(DB) --port $(PORT)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(DB) data/feeds
