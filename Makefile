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
# A förbund's own documentation repository gets its own Makefile from `reportgen init`
# (it needs only an installed reportgen); see docs/anvandarguide.md.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?= data
OUT    ?= build
FIL    ?= $(DATA)

.PHONY: build test check serve schema clean slutlig

# The virtual environment, made by a Python that reportgen runs on (3.11 or newer). One made
# by an older Python (or whose Python is gone) is replaced, not reused until it fails again.
PY_OK := import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	  echo "Fel: hittar inte $(PYTHON). reportgen behöver Python 3.11 eller nyare;" \
	       "installera den och kör make build igen (eller make build PYTHON=python3.12)." >&2; \
	  exit 1; }
	@$(PYTHON) -c '$(PY_OK)' 2>/dev/null || { \
	  echo "Fel: reportgen behöver Python 3.11 eller nyare, men $(PYTHON) är" \
	       "$$($(PYTHON) --version 2>&1 | sed 's/Python //'). Installera en nyare Python och" \
	       "kör make build PYTHON=python3.12 (eller den version du har installerat)." >&2; \
	  exit 1; }
	@if [ -e $(VENV) ] && ! $(BIN)/python -c '$(PY_OK)' >/dev/null 2>&1; then \
	  echo "$(VENV) är skapad med en annan Python än 3.11 eller nyare; skapar den på nytt." >&2; \
	  rm -rf $(VENV); fi
	@if [ -x scripts/system-deps.sh ]; then scripts/system-deps.sh; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# ------------------------------------------------------------------------------ build
# One stamp per year file under build/.stamps/. `reportgen build --report alla` builds every
# report the year file holds data for and writes, beside the stamp, build/.deps/<f>/<år>.d:
# every file it read (year file, forbund.yaml, prior year, logo, templates, the engine's own
# files). The stamp is dated as those files were when the build read them, so a file saved
# during the build is built again next time, and a year is not rebuilt when another year's
# file changes. A stamp without its .d file (an older Makefile) is rebuilt once.
YEAR_FILES := $(wildcard $(DATA)/*/[0-9][0-9][0-9][0-9].yaml)
STAMPS     := $(patsubst $(DATA)/%.yaml,$(OUT)/.stamps/%.stamp,$(YEAR_FILES))
DEPS       := $(patsubst $(DATA)/%.yaml,$(OUT)/.deps/%.d,$(YEAR_FILES))
SCHEMA     := schema/arsfil.schema.json

build: $(SCHEMA) $(STAMPS)

.SECONDEXPANSION:
$(OUT)/.stamps/%.stamp: $(DATA)/%.yaml $$(if $$(wildcard $(OUT)/.deps/$$*.d),,FORCE) | $(STAMP)
	@$(BIN)/reportgen build $< --report alla --out $(OUT) -q --stamp $@ --deps $(OUT)/.deps/$*.d
	@echo "Byggde $(OUT)/$*/"

-include $(DEPS)

.PHONY: FORCE
FORCE:

# The JSON Schema the example files point at (# yaml-language-server: $schema=…). It is
# committed, so an editor finds it right after a clone; tests/test_schema.py fails when it
# is out of date with the model. One target for both files, so make -j runs it once.
$(SCHEMA): $(wildcard reportgen/model/*.py reportgen/cli.py) $(STAMP)
	$(BIN)/reportgen schema --out schema
	@touch schema/arsfil.schema.json schema/forbund.schema.json

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
