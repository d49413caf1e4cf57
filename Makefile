# Two commands a newcomer needs:  make build  and  make test.
# Both create the virtual environment in .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build test check serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/reportgen build data/skane-nordost/2023.yaml

check: $(STAMP)
	$(BIN)/reportgen check data/*/[0-9][0-9][0-9][0-9].yaml

test: $(STAMP)
	$(BIN)/pytest

serve: $(STAMP)
	$(BIN)/reportgen serve data/skane-nordost/2023.yaml

clean:
	rm -rf build
