# `make demo` and `make test` each set everything up from nothing: a virtualenv
# in .venv with the package and its dev tools, plus the system packages the
# real-parts tests use (Graphviz's dot, Chromium) when we can install them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck check bench schema docs dist clean system-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev,measure,spark,lsp,serve]'
	touch $(STAMP)

# Graphviz's dot (PDF, the reference layout) and Chromium (the browser test of
# the HTML report); installed with apt-get when missing and we are root.
system-deps:
	bash scripts/system-deps.sh

demo: $(STAMP)
	@bash scripts/system-deps.sh || echo "(continuing without system Graphviz: the bundled engine renders SVG and PNG)"
	$(BIN)/csjourney --version
	$(BIN)/csjourney validate examples/
	$(BIN)/csjourney render examples/ --out out --format svg,png,md,html,mermaid --today 2026-11-30
	$(BIN)/csjourney measure examples/b2b-saas --today 2026-11-30

test: $(STAMP) system-deps
	bash scripts/npm-tools.sh
	$(BIN)/python -m pytest -n auto --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/csjourney fmt --check examples/

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,measure,bench]'
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_render.py
	$(BIN)/python benchmarks/bench_measure.py

schema: $(STAMP)
	$(BIN)/csjourney schema --output schemas/csjourney-v1.schema.json

docs: $(STAMP) schema
	$(BIN)/python -m csjourney.lint.docs docs/rules.md
	$(BIN)/python -m csjourney.errortexts docs/errors.md

# The sdist and the wheel (built from that sdist, so a file missing from the sdist
# breaks the build here, not for the user) in dist/, checked as PyPI would.
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/twine check --strict dist/*

clean:
	rm -rf $(VENV) out build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
