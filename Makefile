# movie_lake — every install step a fresh machine needs lives here.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# deploy/requirements.txt pins the run-time packages: the suite tests exactly what the image installs.
PINS := deploy/requirements.txt
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(PINS) | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 3000
DASHBOARD_PORT ?= 8050
export MOVIE_LAKE_ROOT ?= $(CURDIR)/.movie_lake

.PHONY: install demo test browser postgres dev bench clean

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml $(PINS) | $(PY)
	$(PY) -m pip install --quiet -c $(PINS) -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/movie-lake demo

# The dashboard tests drive Debian's chromium headless; install it once when missing, with a CJK
# font so the screenshots show CJK titles as text, not boxes.
browser:
	@(command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi "Noto Sans CJK") || \
	  (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null)

# The production-instance test runs a real PostgreSQL server (Debian's postgresql; server binaries only, never started as a service).
postgres:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null)

test: install browser postgres
	$(PY) -m pytest -n 2 --dist worksteal -q -p no:cacheprovider -rfEs --durations=25 --session-timeout=3600

dev: install
	DAGSTER_HOME=$${DAGSTER_HOME:-$(MOVIE_LAKE_ROOT)/dagster_home} $(PY) -m movie_lake.cli.dev --host $(HOST) --port $(PORT) --dashboard-port $(DASHBOARD_PORT)

# The benchmark's own environment: the bench extra (PySpark, the Glue engine; needs Java 17) on top of
# the test install. Default: every stage at x1, x10 and x100; BENCH_ARGS=--quick for x1 without PySpark.
BENCH_ARGS ?=
BENCH_STAMP := $(VENV)/.bench-$(shell cat pyproject.toml $(PINS) | sha1sum | cut -c1-12)

$(BENCH_STAMP): pyproject.toml $(PINS) | $(PY)
	$(PY) -m pip install --quiet -c $(PINS) -e ".[test,bench]"
	rm -f $(VENV)/.bench-* && touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	@command -v java >/dev/null || echo "java not found: the PySpark stages will report 'n/a' (install OpenJDK 17)"
	$(PY) -m benchmarks $(BENCH_ARGS)
	$(PY) -m benchmarks.crawl $(if $(findstring --quick,$(BENCH_ARGS)),--quick,)

clean:
	rm -rf $(VENV) .movie_lake
