# Two commands take a fresh clone to a first answer:
#   make serve   set up, build the graph from seeds/ and serve the API on 127.0.0.1:8000
#   make test    set up and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: setup serve test clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/kg

setup: $(BIN)/kg

serve: setup
	$(BIN)/kg build seeds/
	$(BIN)/kg serve --port $(PORT)

test: setup
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .kg
