"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.recognize import build_nlp

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The rule pipeline, built once for the whole test session."""
    return build_nlp()


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the repository (corpus and gold); tests that need it skip without it."""
    if not (SHARED / "SPEC.md").exists():
        pytest.skip("../shared (corpus and gold) is not beside the repository")
    return SHARED
