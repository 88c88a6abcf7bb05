# The two commands a new user needs are `make demo` and `make test`; everything else is for developers.
SHELL := /bin/bash
PYTHON311 := $(shell scripts/find-python 3.11)
PYTHON312 := $(shell scripts/find-python 3.12)
VENV := .venv
BENCH_VENV := .venv-bench
TOX_VENV := .venv-tox
TOX := $(TOX_VENV)/bin/tox

.PHONY: demo test quality bench translations translations-check system-packages requirements clean

demo: system-packages $(VENV)/.installed ## Set up and serve the demo workbench on 127.0.0.1:8000
	$(VENV)/bin/python -m demo.run

test: system-packages $(TOX_VENV)/.installed ## Set up and run the whole suite (every tox environment)
	$(TOX) run --discover $(PYTHON311) $(PYTHON312)

quality: $(TOX_VENV)/.installed ## ruff lint and format check
	$(TOX) run -e quality

bench: system-packages $(BENCH_VENV)/.installed ## Run the benchmarks against a local wiki; one line each
	$(BENCH_VENV)/bin/python -m bench.run

translations: system-packages $(VENV)/.installed ## Extract every marked string into the catalogs and compile them
	$(VENV)/bin/python scripts/translations.py extract
	$(VENV)/bin/python scripts/translations.py compile
	$(VENV)/bin/python scripts/translations.py stats

translations-check: system-packages $(VENV)/.installed ## Fail when a marked string is missing or a catalog does not compile
	$(VENV)/bin/python scripts/translations.py check

system-packages: ## MediaWiki, PHP and build libraries (apt, as root)
	scripts/install-system-packages

requirements: ## Re-pin requirements/*.txt from requirements/*.in
	scripts/compile-requirements $(PYTHON311) $(PYTHON312)

$(VENV)/.installed: requirements/py312-django52.txt setup.py
	test -x $(VENV)/bin/python || $(PYTHON312) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet -r requirements/py312-django52.txt -r requirements/quality.txt
	$(VENV)/bin/pip install --quiet --no-deps -e .
	touch $@

# The demo's pins plus ORA2, the peer-review anchor; its own venv, as the workbench must not load ORA2's block.
$(BENCH_VENV)/.installed: requirements/bench.txt setup.py
	test -x $(BENCH_VENV)/bin/python || $(PYTHON312) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet -r requirements/bench.txt
	$(BENCH_VENV)/bin/pip install --quiet --no-deps -e .
	touch $@

$(TOX_VENV)/.installed: requirements/tox.txt
	test -x $(TOX_VENV)/bin/python || $(PYTHON311) -m venv $(TOX_VENV)
	$(TOX_VENV)/bin/pip install --quiet -r requirements/tox.txt
	touch $@

clean: ## Remove virtualenvs, tox environments and run-time files
	rm -rf $(VENV) $(TOX_VENV) $(BENCH_VENV) .tox var build *.egg-info
