"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.document import Analyzer, build_analyzer
from pipeline.rules import Rules, load_rules

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"

# A skip whose reason says a dependency is missing (pytest.importorskip's "could not import",
# an ImportError's "No module named", or a reason that starts with "missing dependency")
# is a failure under CI=true: CI installs everything, so such a skip hides a broken install.
# Skips for another reason (../shared absent) stay skips.
MISSING_DEPENDENCY_REASONS = ("could not import", "No module named", "missing dependency")


def missing_dependency(report: pytest.CollectReport | pytest.TestReport) -> str | None:
    """The skip reason when `report` is a skip caused by a missing dependency, else None."""
    if not report.skipped or not isinstance(report.longrepr, tuple):
        return None
    reason = str(report.longrepr[2]).removeprefix("Skipped: ")
    return reason if any(cue in reason for cue in MISSING_DEPENDENCY_REASONS) else None


def fail_missing_dependency(report: pytest.CollectReport | pytest.TestReport) -> None:
    reason = missing_dependency(report)
    if reason is not None and os.environ.get("CI") == "true":
        report.outcome = "failed"
        report.longrepr = f"skipped for a missing dependency, a failure under CI=true: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    outcome = yield
    fail_missing_dependency(outcome.get_result())  # type: ignore[attr-defined]


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, None]:
    outcome = yield
    fail_missing_dependency(outcome.get_result())  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def rules() -> Rules:
    """Every rule, loaded once for the whole test session."""
    return load_rules()


@pytest.fixture(scope="session")
def analyzer(rules: Rules) -> Analyzer:
    """The rules and the rule pipeline, built once for the whole test session."""
    return build_analyzer(rules)


@pytest.fixture(scope="session")
def nlp(analyzer: Analyzer) -> Language:
    """The rule pipeline of the session's analyzer."""
    return analyzer.nlp


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the repository (corpus and gold); tests that need it skip without it."""
    if not (SHARED / "SPEC.md").exists():
        pytest.skip("../shared (corpus and gold) is not beside the repository")
    return SHARED
