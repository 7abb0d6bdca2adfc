"""The boundary of the core: every module but the Textual front end imports neither Textual nor ``unknot.ui``.

One rule, checked two ways that cannot drift apart: import-linter's contract (``make check``) names every
module and package of the core, and this test derives that list from the package itself, so a new module
is either in the contract or fails here; then it imports every core module (walking subpackages too) in a
fresh interpreter and looks for Textual in ``sys.modules``.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import unknot

FRONT_ENDS = {"unknot.ui", "unknot.cli", "unknot.commands", "unknot.__main__"}
"""What may start Textual: the app itself, and the command line that launches it (lazily)."""
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def core_top_level() -> set[str]:
    return {m.name for m in pkgutil.iter_modules(unknot.__path__, "unknot.")} - FRONT_ENDS


def test_the_contract_names_every_core_module() -> None:
    contracts = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    assert len(contracts) == 1, "one rule for the boundary"
    (contract,) = contracts
    assert set(contract["forbidden_modules"]) == {"textual", "unknot.ui"}
    named = set(contract["source_modules"])
    missing, stale = core_top_level() - named, named - core_top_level()
    assert not missing, f"add to the import-linter contract in pyproject.toml: {sorted(missing)}"
    assert not stale, f"no such module any more; remove from the contract: {sorted(stale)}"


def test_every_core_module_imports_without_textual() -> None:
    every = [
        info.name
        for info in pkgutil.walk_packages(unknot.__path__, "unknot.")
        if not any(info.name == f or info.name.startswith(f + ".") for f in FRONT_ENDS)
    ]
    assert len(every) > 40  # the walk found the core, not an empty path
    code = "import importlib, sys\n"
    code += "".join(f"importlib.import_module({name!r})\n" for name in every)
    code += (
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'unknot.ui'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", result.stdout
