"""Run settings from, in order of precedence: command-line flags, ``ILO_EXTRACT_*``
environment variables, a config file, built-in defaults.

The config file is TOML with a ``[tool.ilo-extract]`` table (pyproject style). It is the
file named by ``--config PATH``, else by ``ILO_EXTRACT_CONFIG``, else ``pyproject.toml`` in
the current folder when that file has a ``[tool.ilo-extract]`` table; otherwise there is
none. Keys are spelled like the long flags (``doc-timeout``); a bad key or value is a
`UsageError` (exit code 2) that names where the setting came from.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path

from pipeline.errors import UsageError

ENV_PREFIX = "ILO_EXTRACT_"
CONFIG_ENV = "ILO_EXTRACT_CONFIG"
TABLE = ("tool", "ilo-extract")
DEFAULT_CONFIG = Path("pyproject.toml")
# The timers and waits of a run take at most this many seconds (larger values overflow them).
MAX_DOC_TIMEOUT = 7 * 24 * 3600.0


class ExecutorKind(StrEnum):
    LOCAL = "local"  # this machine: in-process for one worker, worker processes for more
    DASK = "dask"  # a Dask distributed cluster


class PdfEngine(StrEnum):
    PDFIUM = "pdfium"  # pypdfium2: fast, the default
    PDFPLUMBER = "pdfplumber"  # pdfplumber/pdfminer: the reference engine


class LogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@dataclass(frozen=True)
class Settings:
    """Everything a run can be told. Defaults suit an unattended nightly job."""

    inputs: tuple[Path, ...] = (Path("raw"),)
    out: Path = Path("out")
    workers: int = 0  # 0: one per CPU
    executor: ExecutorKind = ExecutorKind.LOCAL
    scheduler: str = ""
    doc_timeout: float = 300.0
    force: bool = False
    retry_failed: bool = False
    keep_missing: bool = False
    skip_unreadable: bool = False
    allow_empty: bool = False
    raw_csv: bool = False
    wait: bool = False
    wait_timeout: float = math.inf
    log_format: LogFormat = LogFormat.TEXT
    corrections: Path | None = None  # None: <out>/corrections.csv when it exists
    pdf_engine: PdfEngine = PdfEngine.PDFIUM

    @property
    def worker_count(self) -> int:
        return self.workers or os.cpu_count() or 1


def _boolean(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("expected true or false")


def _count(text: str) -> int:
    number = int(text)
    if number < 0:
        raise ValueError("must be 0 (one per CPU) or more")
    return number


def _seconds(text: str) -> float:
    number = float(text)
    if not number > 0:
        raise ValueError("must be a positive number of seconds")
    return number


def _inputs(text: str) -> tuple[Path, ...]:
    paths = tuple(Path(part) for part in text.split(os.pathsep) if part)
    if not paths:
        raise ValueError("no input given")
    return paths


def _choice(enum: type[StrEnum]) -> Callable[[str], StrEnum]:
    def parse(text: str) -> StrEnum:
        try:
            return enum(text.strip().lower())
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise ValueError(f"expected one of {allowed}") from None

    return parse


# How each setting is read from text (environment) or TOML; keys as in the long flags.
PARSERS: dict[str, Callable[[str], object]] = {
    "inputs": _inputs,
    "out": Path,
    "workers": _count,
    "executor": _choice(ExecutorKind),
    "scheduler": str,
    "doc-timeout": _seconds,
    "force": _boolean,
    "retry-failed": _boolean,
    "keep-missing": _boolean,
    "skip-unreadable": _boolean,
    "allow-empty": _boolean,
    "raw-csv": _boolean,
    "wait": _boolean,
    "wait-timeout": _seconds,
    "log-format": _choice(LogFormat),
    "corrections": Path,
    "pdf-engine": _choice(PdfEngine),
}


def _field(key: str) -> str:
    return key.replace("-", "_")


def _toml_value(key: str, value: object) -> object:
    """A TOML value as the text a parser reads (lists of inputs, booleans, numbers)."""
    if key == "inputs" and isinstance(value, list):
        return os.pathsep.join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    raise ValueError(f"unexpected TOML value {value!r}")


def _parse(key: str, text: str, origin: str) -> object:
    try:
        return PARSERS[key](text)
    except ValueError as error:
        raise UsageError(f"{origin}: bad value {text!r} for {key}: {error}") from None


def find_config_file(explicit: Path | None, environ: Mapping[str, str]) -> Path | None:
    """The config file to read (see the module docstring), or None."""
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"config file not found: {explicit}")
        return explicit
    named = environ.get(CONFIG_ENV)
    if named:
        path = Path(named)
        if not path.is_file():
            raise UsageError(f"{CONFIG_ENV}: config file not found: {path}")
        return path
    return DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None


def read_config_file(path: Path, *, required: bool) -> dict[str, object]:
    """Settings from the ``[tool.ilo-extract]`` table of a TOML file."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read config file {path}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"config file {path} is not valid TOML: {error}") from None
    table = document.get(TABLE[0], {}).get(TABLE[1])
    if table is None:
        if required:
            raise UsageError(f"config file {path} has no [tool.ilo-extract] table")
        return {}
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [tool.ilo-extract] must be a table")
    settings: dict[str, object] = {}
    for key, value in table.items():
        if key not in PARSERS:
            known = ", ".join(PARSERS)
            raise UsageError(f"{path}: unknown setting {key!r} (known: {known})")
        origin = f"{path} [tool.ilo-extract]"
        try:
            text = _toml_value(key, value)
        except ValueError as error:
            raise UsageError(f"{origin}: bad value for {key}: {error}") from None
        settings[_field(key)] = _parse(key, str(text), origin)
    return settings


def read_environment(environ: Mapping[str, str]) -> dict[str, object]:
    """Settings from ``ILO_EXTRACT_<KEY>`` variables (``ILO_EXTRACT_DOC_TIMEOUT=60``)."""
    settings: dict[str, object] = {}
    for key in PARSERS:
        name = ENV_PREFIX + _field(key).upper()
        if name in environ:
            settings[_field(key)] = _parse(key, environ[name], name)
    return settings


def resolve_settings(
    flags: Mapping[str, object],
    *,
    config: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Merge defaults < config file < environment < flags (flags given as None are unset)."""
    environ = os.environ if environ is None else environ
    path = find_config_file(config, environ)
    merged: dict[str, object] = {}
    if path is not None:
        explicit = config is not None or bool(environ.get(CONFIG_ENV))
        merged.update(read_config_file(path, required=explicit))
    merged.update(read_environment(environ))
    names = {f.name for f in fields(Settings)}
    for name, value in flags.items():
        if name not in names:
            raise UsageError(f"unknown setting {name!r}")
        if value is None or value == [] or value == ():
            continue
        if name == "inputs":
            value = tuple(value)  # type: ignore[call-overload,arg-type]
        elif name == "executor":
            value = _parse("executor", str(value), "--executor")
        elif name == "log_format":
            value = _parse("log-format", str(value), "--log-format")
        elif name == "pdf_engine":
            value = _parse("pdf-engine", str(value), "--pdf-engine")
        merged[name] = value
    settings = Settings(**merged)  # type: ignore[arg-type]
    check_settings(settings)
    return settings


def check_settings(settings: Settings) -> None:
    """Combinations no single value shows to be wrong."""
    if settings.workers < 0:
        raise UsageError("--workers must be 0 (one per CPU) or more")
    if not 0 < settings.doc_timeout <= MAX_DOC_TIMEOUT:
        raise UsageError(
            f"--doc-timeout must be a number of seconds above 0 and at most {MAX_DOC_TIMEOUT:g} "
            f"(a week), not {settings.doc_timeout:g}"
        )
    if settings.executor is ExecutorKind.DASK and not settings.scheduler:
        raise UsageError("--executor dask needs --scheduler tcp://HOST:PORT")
    if settings.scheduler and settings.executor is not ExecutorKind.DASK:
        raise UsageError("--scheduler is only used with --executor dask")
