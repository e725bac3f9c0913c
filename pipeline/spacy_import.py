"""spaCy's import without its command line.

``import spacy`` runs ``from .cli.info import info``, which imports the whole ``spacy.cli``
package (typer, click, weasel, httpx, requests, the download and project commands): about
0.2 s of the 0.65 s of spaCy's import, and nothing the rule pipeline uses. `import_spacy`
imports spaCy with a stand-in for those two modules, then takes the stand-ins out of
``sys.modules``, so a later ``import spacy.cli`` (or a call of ``spacy.info``) loads the real
command line as usual.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_CLI, _INFO = "spacy.cli", "spacy.cli.info"


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info`` until the real one is loaded: loads it and calls it."""
    return importlib.import_module(_INFO).info(*args, **kwargs)


def import_spacy() -> None:
    """Import spaCy (once per process) without ``spacy.cli``; nothing when it is imported."""
    if "spacy" in sys.modules:
        return
    cli, info = types.ModuleType(_CLI), types.ModuleType(_INFO)
    cli.__path__ = []  # a package, for ``from .cli.info import``
    info.info = _info  # type: ignore[attr-defined]
    cli.info = info  # type: ignore[attr-defined]
    sys.modules[_CLI], sys.modules[_INFO] = cli, info
    try:
        import spacy
    finally:
        for name, stand_in in ((_CLI, cli), (_INFO, info)):
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
    if getattr(spacy, "cli", None) is cli:
        delattr(spacy, "cli")  # ``spacy.cli`` is then the real package once imported
