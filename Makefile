# Two commands: `make run` (whole default pipeline) and `make test`.
# Both create the virtual environment .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORES ?= 2
STAMP := $(VENV)/.installed

.PHONY: run test lint report clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[workflow,dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/snakemake --cores $(CORES) --profile profiles/local

report: $(STAMP)
	$(BIN)/snakemake --cores $(CORES) --profile profiles/local
	$(BIN)/snakemake --report results/report.html

lint: $(STAMP)
	$(BIN)/snakemake --lint
	$(BIN)/snakefmt --check Snakefile workflow/rules
	$(BIN)/ruff check .

test: $(STAMP) lint
	PATH=$(abspath $(BIN)):$$PATH $(BIN)/python -m pytest -q

clean:
	rm -rf results .snakemake
