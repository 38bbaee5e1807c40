# Two commands do all set-up on a fresh Debian 12 machine: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell command -v python3.11 || command -v python3)

.PHONY: run test setup venv system sandbox base-images lint-imports check-deploy bench

run: setup
	scripts/run.sh

test: setup
	scripts/test.sh

setup: system venv sandbox base-images

system:
	FOR_TESTS=$(if $(filter test,$(MAKECMDGOALS)),1,0) scripts/setup_system.sh

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

sandbox:
	scripts/setup_sandbox.sh

base-images: venv
	DEBUG=True $(PY) manage.py make_base_images

bench: setup
	DEBUG=True SECRET_KEY=bench-only $(PY) benchmarks/run.py
