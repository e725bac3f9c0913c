"""The install: every import declared, a complete lock that README and CI install from."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
LOCK = REPO / "constraints.txt"
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def read_lock() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, sep, version = line.partition("==")
        assert sep and version, f"constraints.txt line is not NAME==VERSION: {line!r}"
        pins[canonicalize_name(name)] = version
    return pins


def pyproject_requirements() -> list[Requirement]:
    lines = list(PROJECT["dependencies"])
    for extra in PROJECT["optional-dependencies"].values():
        lines.extend(extra)
    return [Requirement(line) for line in lines]


def test_every_requirement_in_pyproject_is_pinned_in_the_lock_within_its_range() -> None:
    pins = read_lock()
    for requirement in pyproject_requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in constraints.txt: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {requirement.name}=={pins[name]}, outside {requirement}"
        )


def test_the_lock_pins_every_package_the_installed_project_needs() -> None:
    """Walk the installed requirement tree of ilo-extract[dev,dask]: every package is pinned."""
    pins = read_lock()
    missing: set[str] = set()
    seen: set[str] = set()
    todo: list[tuple[str, frozenset[str]]] = [("ilo-extract", frozenset({"dev", "dask"}))]
    while todo:
        name, extras = todo.pop()
        for line in metadata.requires(name) or []:
            requirement = Requirement(line)
            environments = [{"extra": extra} for extra in extras] or [{"extra": ""}]
            if requirement.marker is not None and not any(
                requirement.marker.evaluate(env) for env in environments
            ):
                continue
            child = canonicalize_name(requirement.name)
            if child not in pins:
                missing.add(child)
            key = f"{child}[{','.join(sorted(requirement.extras))}]"
            if key not in seen:
                seen.add(key)
                todo.append((child, frozenset(requirement.extras)))
    assert not missing, f"installed but not in constraints.txt: {sorted(missing)}"


def test_installed_versions_match_the_lock() -> None:
    """README and .ci/run install with `-c constraints.txt`: what is installed is what is pinned."""
    installed = {
        canonicalize_name(dist.metadata["Name"]): dist.version for dist in metadata.distributions()
    }
    wrong = {
        name: f"installed {installed[name]}, locked {version}"
        for name, version in read_lock().items()
        if name in installed and installed[name] != version
    }
    assert not wrong, f"reinstall as README says (pip install -c constraints.txt ...): {wrong}"
    not_installed = sorted(set(read_lock()) - set(installed))
    assert not not_installed, f"pinned in constraints.txt but not installed: {not_installed}"


def test_make_check_runs_lint_formatting_types_and_tests() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    check = re.search(r"^check:(.*)$", makefile, re.MULTILINE)
    assert check is not None
    targets = check.group(1).split()
    recipes = {
        target: re.search(rf"^{target}:\n\t(.+)$", makefile, re.MULTILINE) for target in targets
    }
    commands = sorted(match.group(1) for match in recipes.values() if match is not None)
    assert commands == [
        "$(BIN)/mypy",
        "$(BIN)/pytest -q",
        "$(BIN)/ruff check .",
        "$(BIN)/ruff format --check .",
    ]


SKIPPING_TESTS = """
import pytest

def test_needs_a_module_that_is_not_installed():
    pytest.importorskip("ilo_extract_no_such_module")

def test_needs_a_tool_marked_as_a_missing_dependency():
    pytest.skip("missing dependency: ilo-no-such-tool")

def test_needs_the_shared_folder():
    pytest.skip("../shared (corpus and gold) is not beside the repository")
"""


@pytest.mark.parametrize("ci", ["true", ""])
def test_a_skip_for_a_missing_dependency_fails_under_ci(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: str
) -> None:
    monkeypatch.setenv("CI", ci)
    pytester.makeconftest((REPO / "tests" / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(test_skips=SKIPPING_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    if ci == "true":
        result.assert_outcomes(failed=2, skipped=1)
        result.stdout.fnmatch_lines(
            ["*skipped for a missing dependency, a failure under CI=true: could not import*"]
        )
    else:
        result.assert_outcomes(skipped=3)
