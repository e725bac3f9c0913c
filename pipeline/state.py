"""The state store: one SQLite row per input document, kept in the output folder.

Each row records where the document was found (source, size, mtime), what it is (SHA-256),
which pipeline produced its result (`pipeline_fingerprint`: version, code and rules),
the outcome (status, error, counts, seconds, processed_at) and the whole `DocumentResult` as
JSON, so the CSVs can be rewritten for the whole corpus without reading any input again.

Every `put` is its own transaction: a run that is killed keeps every document it finished,
and SQLite's journal (WAL) keeps the file consistent whatever the moment of the kill.
Only the process that holds the run lock (`pipeline.lock`) opens the store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from pipeline import __version__
from pipeline.errors import UsageError
from pipeline.rules import Rules
from schemas import DocumentResult, Status, printable_path

log = logging.getLogger("ilo_extract")

STATE_DIR = ".ilo-extract"
STATE_FILE = "state.sqlite"
LOCK_FILE = "run.lock"
SCHEMA_VERSION = "2"  # 2: organization and funding counts
OUTPUTS_KEY = "outputs_fingerprint"

DOCUMENTS_TABLE = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT NOT NULL,
    n_amounts INTEGER NOT NULL,
    n_dates INTEGER NOT NULL,
    n_countries INTEGER NOT NULL,
    n_programmes INTEGER NOT NULL,
    n_organizations INTEGER NOT NULL,
    n_funding INTEGER NOT NULL,
    n_rejects INTEGER NOT NULL,
    seconds REAL NOT NULL,
    processed_at TEXT NOT NULL,
    result TEXT NOT NULL
)"""
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
{DOCUMENTS_TABLE};
"""
ROW_COLUMNS = (
    "doc_id, source, size, mtime_ns, sha256, pipeline_version, status, error, "
    "n_amounts, n_dates, n_countries, n_programmes, n_organizations, n_funding, n_rejects, "
    "seconds, processed_at"
)
COUNT_NAMES = (
    "amounts", "dates", "countries", "programmes", "organizations", "funding", "rejects",
)  # fmt: skip


def state_dir(out_dir: Path) -> Path:
    return out_dir / STATE_DIR


# The code whose bytes the fingerprint covers: every module, and the record schemas' own
# data (the historical currency codes). Rule data is covered through the Rules object.
CODE_FILES = {"pipeline": ("*.py",), "schemas": ("*.py", "*.tsv")}
# Code that only reads the outputs (the HTML report) cannot change a result: editing it must
# not reprocess the corpus.
NOT_RESULT_CODE = frozenset({"review"})


def code_digest() -> str:
    """SHA-256 of every module of ``pipeline`` and ``schemas`` (and the schemas' data)."""
    digest = hashlib.sha256()
    for package, patterns in CODE_FILES.items():
        root = Path(str(resources.files(package)))
        files = sorted(
            path
            for pattern in patterns
            for path in root.rglob(pattern)
            if "__pycache__" not in path.parts
            and path.relative_to(root).parts[0] not in NOT_RESULT_CODE
        )
        for path in files:
            name = path.relative_to(root).as_posix()
            digest.update(f"{package}/{name}".encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def pipeline_fingerprint(rules: Rules) -> str:
    """``<version>+<hash>``: the package version, the code (`code_digest`) and every rule as
    loaded (`Rules.fingerprint`). A stored result made under another fingerprint is stale and
    is computed again, so an upgrade, edited code or an edited rule file reprocesses
    everything, even without a version bump."""
    digest = hashlib.sha256(f"{code_digest()}\0{rules.fingerprint()}".encode())
    return f"{__version__}+{digest.hexdigest()[:16]}"


@dataclass(frozen=True)
class FileStamp:
    """Where a document was found and what the file system said about it."""

    source: str
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        stat = path.stat()
        return cls(source=printable_path(str(path)), size=stat.st_size, mtime_ns=stat.st_mtime_ns)


@dataclass(frozen=True)
class DocumentState:
    """One row of the store, without the stored result."""

    doc_id: str
    source: str
    size: int
    mtime_ns: int
    sha256: str
    pipeline_version: str
    status: Status
    error: str
    counts: tuple[int, ...]  # in COUNT_NAMES order
    seconds: float
    processed_at: str

    @classmethod
    def from_row(cls, row: tuple) -> DocumentState:  # type: ignore[type-arg]
        return cls(
            doc_id=row[0],
            source=row[1],
            size=row[2],
            mtime_ns=row[3],
            sha256=row[4],
            pipeline_version=row[5],
            status=Status(row[6]),
            error=row[7],
            counts=tuple(row[8 : 8 + len(COUNT_NAMES)]),
            seconds=row[8 + len(COUNT_NAMES)],
            processed_at=row[9 + len(COUNT_NAMES)],
        )


def result_counts(result: DocumentResult) -> tuple[int, ...]:
    """The counts of one result, in COUNT_NAMES order."""
    return tuple(len(getattr(result, name)) for name in COUNT_NAMES)


def with_source(result: DocumentResult, source: str) -> DocumentResult:
    """The same result for a document found under another path (renamed or moved)."""
    document = result.document.model_copy(update={"source": source})
    return result.model_copy(update={"document": document})


def parse_result(payload: bytes | str | None) -> DocumentResult | None:
    """A stored result, or None when it is damaged (not UTF-8, not JSON, not a result)."""
    try:
        text = payload.decode("utf-8") if isinstance(payload, bytes) else payload
        return DocumentResult.model_validate_json(text or "")
    except (UnicodeDecodeError, ValidationError):
        return None


class StoreBusy(UsageError):
    """Another program holds a lock on the state store (exit code 2)."""

    def __init__(self, path: Path, error: sqlite3.Error):
        super().__init__(
            f"the state store {path} is locked by another program ({error}); "
            "close whatever has it open (an SQLite browser, a backup job) and run again"
        )


def is_busy(error: sqlite3.Error) -> bool:
    """SQLite refused because another connection holds a lock (not a damaged file)."""
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


class StateStore:
    """The SQLite file ``<out>/.ilo-extract/state.sqlite``. Use as a context manager."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            db = self._connect()
        except sqlite3.DatabaseError as error:
            if is_busy(error):  # locked, not damaged: moving it aside would lose it
                raise StoreBusy(self.path, error) from None
            # A damaged store only costs a full reprocess: keep it aside for inspection.
            aside = self.path.with_name(
                f"{self.path.name}.damaged-{dt.datetime.now():%Y%m%d%H%M%S}"
            )
            log.warning("state store %s is unreadable (%s); moved to %s", self.path, error, aside)
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
            db = self._connect()
        return db

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(SCHEMA)
            found = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if found is None or found[0] != SCHEMA_VERSION:
                # A store of another schema may have other columns: start it again (every
                # document is processed once more, which a schema change needs anyway).
                with db:
                    db.execute("BEGIN")
                    db.execute("DROP TABLE documents")
                    db.execute("DELETE FROM meta")
                    db.execute(DOCUMENTS_TABLE)
                    db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- rows -------------------------------------------------------------------------

    def rows(self) -> dict[str, DocumentState]:
        """Every row by doc_id, without the stored results (cheap for large corpora)."""
        cursor = self._db.execute(f"SELECT {ROW_COLUMNS} FROM documents ORDER BY doc_id")
        return {row[0]: DocumentState.from_row(row) for row in cursor}

    def put(self, result: DocumentResult, stamp: FileStamp, pipeline_version: str) -> None:
        """Store one document's result; committed before this returns."""
        document = result.document
        values = (
            document.doc_id,
            stamp.source,
            stamp.size,
            stamp.mtime_ns,
            document.sha256,
            pipeline_version,
            document.status.value,
            document.error,
            *result_counts(result),
            result.seconds,
            dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
            result.model_dump_json(),
        )
        self._db.execute(
            f"INSERT OR REPLACE INTO documents ({ROW_COLUMNS}, result) "
            f"VALUES ({', '.join('?' * len(values))})",
            values,
        )

    def relocate(self, doc_id: str, stamp: FileStamp) -> bool:
        """Record a new path, size or mtime for unchanged content (no reprocessing). False
        when the stored result no longer reads (the caller processes the document again)."""
        row = self._db.execute("SELECT result FROM documents WHERE doc_id = ?", (doc_id,))
        found = row.fetchone()
        if found is None:
            return False
        stored = parse_result(found[0])
        if stored is None:
            return False
        result = with_source(stored, stamp.source)
        self._db.execute(
            "UPDATE documents SET source = ?, size = ?, mtime_ns = ?, result = ? WHERE doc_id = ?",
            (stamp.source, stamp.size, stamp.mtime_ns, result.model_dump_json(), doc_id),
        )
        return True

    def delete(self, doc_ids: Iterable[str]) -> int:
        """Drop these rows in one transaction; returns how many were dropped."""
        ids = list(doc_ids)
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany("DELETE FROM documents WHERE doc_id = ?", [(i,) for i in ids])
        return len(ids)

    def results(self) -> Iterator[DocumentResult | str]:
        """Every stored result in doc_id order; the doc_id instead, when a stored result no
        longer reads (damaged JSON or bytes; the caller processes it again)."""
        cursor = self._db.execute(
            "SELECT doc_id, CAST(result AS BLOB) FROM documents ORDER BY doc_id"
        )
        for doc_id, payload in cursor:
            result = parse_result(payload)
            yield doc_id if result is None else result

    # --- meta -------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        found = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if found is None else str(found[0])

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def corpus_fingerprint(self) -> str:
        """Changes whenever any row is added, replaced, relocated or dropped."""
        digest = hashlib.sha256()
        cursor = self._db.execute(
            "SELECT doc_id, source, pipeline_version, processed_at FROM documents ORDER BY doc_id"
        )
        for row in cursor:
            digest.update("\x1f".join(row).encode() + b"\x1e")
        return digest.hexdigest()
