# Two entry points (see README.md): `make demo` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV   ?= .venv
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test lint typecheck unit engine sanity collection benchmarks docs clean

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/barrack-demo

test: $(STAMP)
	scripts/run-tests

lint: $(STAMP)
	$(VENV)/bin/ruff check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

engine:
	scripts/build-pulumi-engine

sanity: $(STAMP)
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" scripts/ansible-sanity

collection: $(STAMP)
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" scripts/build-collection

benchmarks: $(STAMP)
	scripts/run-benchmarks

# The static docs site in build/docs/ (index -> Ansible collection docsite, Pulumi); offline.
docs: $(STAMP)
	$(VENV)/bin/python scripts/build-docs --output build/docs

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .state
