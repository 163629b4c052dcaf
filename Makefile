# Kausa — needs nothing but Python 3.11+ and make.
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install demo test test-fast lint format clean

install: $(VENV)/.installed
	@$(VENV)/bin/kausa compile-translations

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	@touch $@

demo: install
	$(VENV)/bin/kausa demo

# The suite in two steps: everything but the browser in parallel (pytest-xdist, one
# database and Redis database per worker), then the browser journeys, also in two workers
# (each with its own live server, database and Chromium; tests marked xdist_group stay in one
# worker). SKIP_E2E=1 leaves the browser out
# (CI's second pass on PostgreSQL: the journeys run once, in the first pass).
test: install
	$(VENV)/bin/pytest -n 2 -m "not e2e"
	@if [ "$(SKIP_E2E)" != "1" ]; then $(VENV)/bin/pytest -n 2 --dist loadgroup -m e2e; fi

lint: install
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/kausa makemigrations --check --dry-run
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff format src tests
	$(VENV)/bin/ruff check --fix src tests

clean:
	rm -rf $(VENV) $(TOOLS) var/static .mypy_cache
