# Two commands take a fresh clone to a first answer:
#   make serve   set up, build the graph from seeds/ and serve the API on 127.0.0.1:8000
#   make test    set up and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: setup serve test clean

# torch first, pinned: 2.13.0 is the CPU build this machine's wheel cache holds; asked for
# unpinned (by our torch>=2.2), pip would fetch the newest release with gigabytes of CUDA.
$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet 'torch==2.13.0'
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/kg

setup: $(BIN)/kg

serve: setup
	$(BIN)/kg build seeds/
	@echo
	@echo "Ready. In another terminal, ask who holds which posts:"
	@echo "  curl -sG http://127.0.0.1:$(PORT)/sparql -H 'Accept: text/csv' --data-urlencode \\"
	@echo "    'query=PREFIX org: <http://www.w3.org/ns/org#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX kgo: <https://kg-zh-gov.example/ontology#> SELECT DISTINCT ?name ?title ?place WHERE { ?p org:holds ?post ; skos:prefLabel ?name . ?post kgo:title ?title ; org:postIn/skos:prefLabel ?place } LIMIT 20'"
	@echo "  or open http://127.0.0.1:$(PORT)/ in a browser."
	@echo
	$(BIN)/kg serve --port $(PORT)

# the venv's commands (oxigraph, gunicorn) on PATH, as in an activated venv: the bench and remote-store
# tests start the oxigraph server by name
test: setup
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .kg
