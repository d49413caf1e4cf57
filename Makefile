# Two commands a newcomer needs:  make build  and  make test.
# Both create the virtual environment in .venv on first use.
#
#   make build    build every data/<förbund>/<år>.yaml into build/ (only what changed)
#   make check    check every year file, print each problem with file and line
#   make slutlig  build every year file as a final report, ready to sign (no UTKAST); a
#                 file that still has a completeness problem is listed and not built
#   make serve    preview in the browser while editing (FIL=data/x/2024.yaml for one file)
#   make schema   regenerate schema/ (JSON Schema for the editor) from the model
#   make test     run the tests
#
# The same Makefile works in a docs repository (data/ and templates/ beside it, reportgen
# installed in .venv): the engine's own source files are then simply not there.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?= data
OUT    ?= build
FIL    ?= $(DATA)

.PHONY: build test check serve schema clean slutlig

$(STAMP): pyproject.toml
	@if [ -x scripts/system-deps.sh ]; then scripts/system-deps.sh; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# ------------------------------------------------------------------------------ build
# One stamp per year file under build/.stamps/; a year is rebuilt when its file, any other
# file of the förbund (forbund.yaml, the prior year's file, its templates/), the shared
# templates/ or the engine (its source, its installed version) is newer than the stamp.
YEAR_FILES := $(wildcard $(DATA)/*/[0-9][0-9][0-9][0-9].yaml)
STAMPS     := $(patsubst $(DATA)/%.yaml,$(OUT)/.stamps/%.stamp,$(YEAR_FILES))
TEMPLATES  := $(wildcard templates/* templates/*/* templates/*/*/*)
ENGINE     := $(STAMP) $(wildcard reportgen/*.py reportgen/*/*.py reportgen/sie/kontoplaner/*.yaml \
                $(VENV)/lib/python*/site-packages/reportgen-*.dist-info/METADATA)
SCHEMA     := schema/arsfil.schema.json schema/forbund.schema.json

build: $(SCHEMA) $(STAMPS)

.SECONDEXPANSION:
$(OUT)/.stamps/%.stamp: $(DATA)/%.yaml \
		$$(wildcard $$(dir $(DATA)/$$*)*.yaml $$(dir $(DATA)/$$*)*.se $$(dir $(DATA)/$$*)templates/* \
		            $$(dir $(DATA)/$$*)templates/*/*) \
		$(TEMPLATES) $(ENGINE)
	@mkdir -p $(@D)
	@$(BIN)/reportgen build $< --report alla --out $(OUT) -q
	@echo "Byggde $(OUT)/$*/"
	@touch $@

# The JSON Schema the example files point at (# yaml-language-server: $schema=…). It is
# committed, so an editor finds it right after a clone; tests/test_schema.py fails when it
# is out of date with the model.
$(SCHEMA): $(wildcard reportgen/model/*.py) $(STAMP)
	$(BIN)/reportgen schema --out schema
	@touch $(SCHEMA)

schema: $(STAMP)
	$(BIN)/reportgen schema --out schema

# ------------------------------------------------------------------------------ final
# Final reports, ready to sign: 'build --slutlig' refuses a report that is still a draft
# (FYLL I, placeholders, missing comparatives or signatures). Always rebuilt: a draft's
# stamp must not count as final.
slutlig: $(SCHEMA) $(STAMP)
	@rc=0; for f in $(YEAR_FILES); do \
		if $(BIN)/reportgen build $$f --report alla --out $(OUT) --slutlig -q; then \
			echo "Byggde $$f som slutlig rapport"; else rc=1; fi; \
	done; exit $$rc

# ------------------------------------------------------------------------------ the rest
check: $(STAMP)
	$(BIN)/reportgen check $(YEAR_FILES)

# Lint and type check first: a style or type error fails the build before the slow tests.
test: $(STAMP)
	@if [ -x scripts/system-deps.sh ]; then scripts/system-deps.sh --test; fi
	$(BIN)/ruff check reportgen tests bench
	$(BIN)/mypy reportgen
	$(BIN)/pytest

serve: $(STAMP)
	$(BIN)/reportgen serve $(FIL)

clean:
	rm -rf $(OUT)
