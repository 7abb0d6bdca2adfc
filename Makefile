# unknot: two commands set everything up on a fresh machine.
#   make run    make .venv, install unknot (sound included, nothing to compile), start the 10-minute routine
#   make test   make .venv, install the test extras, run the checks and the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
ROUTINE ?= si-joint-10
PIPX   ?= pipx
PYTEST_ARGS ?=
LINTED := src tests scripts $(wildcard bench)

# Sound needs nothing built: miniaudio (a default dependency) ships wheels and loads the system's sound
# libraries at run time. The `audio` extra (simpleaudio, compiled against the ALSA headers) stays optional:
# `make AUDIO_EXTRA=1 run` asks for it.
comma := ,
EXTRAS_RUN := $(if $(AUDIO_EXTRA),[audio],)
EXTRAS_DEV := $(if $(AUDIO_EXTRA),[dev$(comma)audio],[dev])

.PHONY: run test test-fast check bench clean sounds fmt install

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PIP) install -e '.$(EXTRAS_RUN)'
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PIP) install -e '.$(EXTRAS_DEV)'
	@touch $@ $(VENV)/.installed-run

# `unknot` by name from any folder: pipx when it is there (its own venv, on ~/.local/bin), else a link to
# this checkout's .venv/bin/unknot in ~/.local/bin, which Debian and most shells put on the PATH.
install: $(VENV)/.installed-run
	@if command -v $(PIPX) >/dev/null 2>&1; then \
	  $(PIPX) install --force '.[audio]' || $(PIPX) install --force . ; \
	else \
	  mkdir -p $(HOME)/.local/bin && ln -sf "$(CURDIR)/$(BIN)/unknot" $(HOME)/.local/bin/unknot && \
	  echo "unknot: linked $(HOME)/.local/bin/unknot -> $(CURDIR)/$(BIN)/unknot"; \
	fi
	@case ":$$PATH:" in *":$(HOME)/.local/bin:"*) ;; \
	  *) echo "unknot: add ~/.local/bin to your PATH: echo 'export PATH=\"\$$HOME/.local/bin:\$$PATH\"' >> ~/.bashrc, then open a new terminal";; \
	esac

run: $(VENV)/.installed-run
	$(BIN)/unknot run $(ROUTINE)

check: $(VENV)/.installed-dev
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy
	$(BIN)/lint-imports

# The suite runs on every core (pytest-xdist; `-n auto` is two workers per core, see tests/conftest.py);
# `make test-fast` leaves out what drives the real app in tmux and the slow tests. Python may keep its
# compiled files (and pytest its rewritten test modules) even where PYTHONDONTWRITEBYTECODE is set: each
# worker would otherwise rewrite every test module again, seconds of CPU per worker per run.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest
test: check
	$(PYTEST) -n auto $(PYTEST_ARGS)

test-fast: $(VENV)/.installed-dev
	UNKNOT_WORKERS_PER_CORE=3 $(PYTEST) -n auto -m "not tmux and not slow" $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev
	$(PY) bench/run.py
	UNKNOT_KILL_STRICT=1 $(BIN)/pytest -q -s tests/reliability/test_kill_resume.py
	UNKNOT_RELIABILITY_FUZZ=10000 $(BIN)/pytest -q -s tests/reliability/test_loader_fuzzing.py

sounds: | $(PY)
	$(PY) scripts/make_sounds.py

fmt: $(VENV)/.installed-dev
	$(BIN)/ruff format $(LINTED)
	$(BIN)/ruff check --fix $(LINTED)

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
