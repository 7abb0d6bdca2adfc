# unknot: two commands set everything up on a fresh machine.
#   make run    make .venv, install unknot (with sound when it builds), start the 10-minute routine
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

.PHONY: run test check bench clean sounds fmt install

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(call install_with_audio,,)
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(call install_with_audio,dev$(comma),[dev])
	@touch $@ $(VENV)/.installed-run

comma := ,

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

test: check
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev
	$(PY) bench/run.py

sounds: | $(PY)
	$(PY) scripts/make_sounds.py

fmt: $(VENV)/.installed-dev
	$(BIN)/ruff format $(LINTED)
	$(BIN)/ruff check --fix $(LINTED)

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
