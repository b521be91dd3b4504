# Two entry points (see README.md): `make demo` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV   ?= .venv
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test check test-fast lint typecheck engine sanity collection benchmarks docs clean plugin sdk

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/barrack-demo

# The full suite (CI): lint, types, the Pulumi engine, every tier on 2 xdist workers.
test: $(STAMP)
	scripts/run-tests

# The fast loop (CONTRIBUTING.md, "Test tiers"): lint, types and the in-process unit tier (< 60 s).
check: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/python -m pytest -p no:cacheprovider -q --tier check $(PYTEST_ARGS)

# Everything that spawns no ansible-playbook, ansible-test or pulumi CLI (< 3 min); what a bare `pytest` runs.
test-fast: $(STAMP)
	$(VENV)/bin/python -m pytest -p no:cacheprovider -q --tier fast -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

engine:
	scripts/build-pulumi-engine

# The native barrack provider (docs/pulumi.md "Native provider"): the plugin tarball for
# `pulumi plugin install resource barrack <version> --file dist/...tar.gz`, and the checked-in schema/SDKs/reference.
plugin: $(STAMP)
	scripts/build-plugin

sdk: $(STAMP)
	scripts/gen-sdk

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
