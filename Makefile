# unknot: two commands set everything up on a fresh machine.
#   make run    make .venv, install unknot (with sound when it builds), start the 10-minute routine
#   make test   make .venv, install the test extras, run the checks and the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
ROUTINE ?= si-joint-10
PYTEST_ARGS ?=
LINTED := src tests scripts $(wildcard bench)

# The audio extra compiles simpleaudio against the ALSA headers; without them it cannot build, so we say
# why in one line and install without it (the app then falls back to the terminal bell and a flash).
define install_with_audio
	@if [ -f /usr/include/alsa/asoundlib.h ] || [ "$$(uname)" != "Linux" ]; then \
	  $(PIP) install -e '.[$(1)audio]' 2>$(VENV)/audio-build.log \
	  || { echo "unknot: sound extra did not build (see $(VENV)/audio-build.log); installing without sound"; \
	       $(PIP) install -e '.$(2)'; }; \
	else \
	  echo "unknot: no ALSA headers (apt-get install libasound2-dev); installing without sound"; \
	  $(PIP) install -e '.$(2)'; \
	fi
endef

.PHONY: run test test-fast check bench clean sounds fmt

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(call install_with_audio,,)
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(call install_with_audio,dev$(comma),[dev])
	@touch $@ $(VENV)/.installed-run

comma := ,

run: $(VENV)/.installed-run
	$(BIN)/unknot run $(ROUTINE)

check: $(VENV)/.installed-dev
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy
	$(BIN)/lint-imports

# The suite runs on every core (pytest-xdist); `make test-fast` leaves out what drives the real app in tmux.
test: check
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

test-fast: $(VENV)/.installed-dev
	$(BIN)/pytest -n auto -m "not tmux and not slow" $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev
	$(PY) bench/run.py
	UNKNOT_KILL_STRICT=1 $(BIN)/pytest -q -s tests/reliability/test_kill_resume.py

sounds: | $(PY)
	$(PY) scripts/make_sounds.py

fmt: $(VENV)/.installed-dev
	$(BIN)/ruff format $(LINTED)
	$(BIN)/ruff check --fix $(LINTED)

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
