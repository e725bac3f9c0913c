"""Settings: flags > ILO_EXTRACT_* environment > [tool.ilo-extract] config file > defaults."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from pipeline.cli import build_parser, main
from pipeline.config import ExecutorKind, LogFormat, PdfEngine, Settings, resolve_settings
from pipeline.errors import UsageError

CONFIG = """\
[project]
name = "somebody-else"

[tool.ilo-extract]
inputs = ["inbox", "more"]
out = "data"
workers = 3
doc-timeout = 120
log-format = "json"
pdf-engine = "pdfplumber"
"""


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "ops.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "flags, environ, expected",
    [
        ({}, {}, {"workers": 3, "doc_timeout": 120.0, "out": Path("data")}),
        ({}, {"ILO_EXTRACT_WORKERS": "5"}, {"workers": 5, "doc_timeout": 120.0}),
        ({"workers": 2}, {"ILO_EXTRACT_WORKERS": "5"}, {"workers": 2}),
        ({}, {"ILO_EXTRACT_OUT": "nightly"}, {"out": Path("nightly")}),
        ({"out": Path("here")}, {"ILO_EXTRACT_OUT": "nightly"}, {"out": Path("here")}),
        ({}, {}, {"inputs": (Path("inbox"), Path("more"))}),
        ({"inputs": [Path("x")]}, {}, {"inputs": (Path("x"),)}),
        ({}, {"ILO_EXTRACT_INPUTS": "a:b"}, {"inputs": (Path("a"), Path("b"))}),
        ({}, {}, {"log_format": LogFormat.JSON}),
        ({"log_format": "text"}, {}, {"log_format": LogFormat.TEXT}),
        ({}, {"ILO_EXTRACT_KEEP_MISSING": "yes"}, {"keep_missing": True}),
        ({}, {"ILO_EXTRACT_WAIT": "false"}, {"wait": False}),
        ({}, {}, {"pdf_engine": PdfEngine.PDFPLUMBER}),
        ({}, {"ILO_EXTRACT_PDF_ENGINE": "PDFium"}, {"pdf_engine": PdfEngine.PDFIUM}),
        ({"pdf_engine": "pdfium"}, {}, {"pdf_engine": PdfEngine.PDFIUM}),
    ],
)
def test_precedence(
    config_file: Path, flags: dict[str, object], environ: dict[str, str], expected: dict
) -> None:
    settings = resolve_settings(flags, config=config_file, environ=environ)
    for name, value in expected.items():
        assert getattr(settings, name) == value


def test_defaults_without_any_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = resolve_settings({}, environ={})
    assert settings == Settings()
    assert settings.inputs == (Path("raw"),)
    assert settings.out == Path("out")
    assert settings.doc_timeout == 300.0
    assert settings.wait_timeout == math.inf
    assert settings.executor is ExecutorKind.LOCAL
    assert settings.pdf_engine is PdfEngine.PDFIUM


def test_pyproject_in_current_folder_is_the_default_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert resolve_settings({}, environ={}).workers == 3


def test_pyproject_without_our_table_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert resolve_settings({}, environ={}) == Settings()


def test_config_named_by_environment(config_file: Path) -> None:
    settings = resolve_settings({}, environ={"ILO_EXTRACT_CONFIG": str(config_file)})
    assert settings.workers == 3


@pytest.mark.parametrize(
    "flags, environ, toml, message",
    [
        ({}, {"ILO_EXTRACT_WORKERS": "many"}, "", "ILO_EXTRACT_WORKERS: bad value 'many'"),
        ({}, {"ILO_EXTRACT_WORKERS": "-1"}, "", "must be 0 (one per CPU) or more"),
        ({}, {"ILO_EXTRACT_DOC_TIMEOUT": "0"}, "", "positive number of seconds"),
        ({}, {"ILO_EXTRACT_EXECUTOR": "spark"}, "", "expected one of local, dask"),
        ({}, {"ILO_EXTRACT_FORCE": "maybe"}, "", "expected true or false"),
        ({}, {}, "[tool.ilo-extract]\nworkerz = 2\n", "unknown setting 'workerz'"),
        ({}, {}, "[tool.ilo-extract]\nworkers = 'two'\n", "bad value 'two' for workers"),
        ({}, {}, "[tool.ilo-extract\n", "is not valid TOML"),
        ({}, {}, "[project]\nname = 'x'\n", "has no [tool.ilo-extract] table"),
        ({"executor": "dask"}, {}, "[tool.ilo-extract]\n", "needs --scheduler"),
        ({"scheduler": "tcp://h:8786"}, {}, "[tool.ilo-extract]\n", "only used with"),
        ({"doc_timeout": -5.0}, {}, "[tool.ilo-extract]\n", "--doc-timeout must be"),
    ],
)
def test_bad_settings_are_usage_errors(
    tmp_path: Path, flags: dict, environ: dict[str, str], toml: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(toml or "[tool.ilo-extract]\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        resolve_settings(flags, config=path, environ=environ)
    assert message in str(caught.value)


def test_missing_config_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="config file not found"):
        resolve_settings({}, config=tmp_path / "nope.toml", environ={})


@pytest.mark.parametrize(
    "argv, message",
    [
        (["run", "--workers", "-3"], "--workers must be 0"),
        (["run", "--executor", "dask"], "needs --scheduler"),
        (["run", "--config", "missing.toml"], "config file not found"),
    ],
)
def test_cli_exits_2_on_bad_settings(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("command", [[], ["run"], ["evaluate"]])
def test_every_help_ends_with_examples(command: list[str]) -> None:
    parser = build_parser()
    if command:
        parser = parser._subparsers._group_actions[0].choices[command[0]]  # type: ignore[union-attr]
    text = parser.format_help().rstrip()
    last_block = text.rsplit("\n\n", 1)[-1]
    assert last_block.startswith("examples:")
    assert "ilo-extract" in last_block


def test_run_help_documents_exit_codes() -> None:
    parser = build_parser()._subparsers._group_actions[0].choices["run"]  # type: ignore[union-attr]
    text = parser.format_help()
    for line in ("0  all documents ok", "1  some documents failed", "2  usage or configuration"):
        assert line in text
