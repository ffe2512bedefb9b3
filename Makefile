# Two commands: `make run` (install, migrate, demo data, serve) and `make test`.
VENV      := .venv
BIN       := $(VENV)/bin
PYTHON    ?= python3
INSTALLED := $(VENV)/.installed
ASSETS    := node_modules/.installed
PO        := $(wildcard marketplace/translations/*/LC_MESSAGES/messages.po)
MO        := $(PO:.po=.mo)

.PHONY: run install test test-postgres bench translations-extract

run: install
	$(BIN)/binhai db upgrade
	$(BIN)/binhai demo
	$(BIN)/binhai serve

install: $(INSTALLED) $(ASSETS) $(MO)

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

%.mo: %.po $(INSTALLED)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ >/dev/null

# TEST_DATABASE_URL=postgresql://… runs the suite on PostgreSQL; unset, on SQLite. Two workers
# (pytest-xdist), each with its own database; TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
test: install
	$(BIN)/pytest -q -n $(TEST_WORKERS) $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m bench

# Refresh the message catalogues after adding or changing translatable strings.
translations-extract: $(INSTALLED)
	mkdir -p marketplace/translations
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k message -o marketplace/translations/messages.pot .
	$(BIN)/pybabel update -i marketplace/translations/messages.pot -d marketplace/translations --no-fuzzy-matching
