"""The Dask executor on a LocalCluster over loopback: the same bytes as a local run, and a
clear exit 2 when Dask is not installed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import ExecutorKind, Settings
from pipeline.export import OUTPUT_FILES
from pipeline.run import run

MEMO = (
    "Memo {n}\n\nDenmark committed DKK {n}0 million in April 2023 to the Green Jobs Programme "
    "in Kenya and Uganda, running until 2027.\n"
)


def write_memos(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1, count + 1):
        (folder / f"memo{n}.txt").write_text(MEMO.format(n=n), encoding="utf-8")


def snapshot(out: Path) -> dict[str, bytes]:
    files = {name: (out / name).read_bytes() for name in OUTPUT_FILES}
    files.update({f"text/{p.name}": p.read_bytes() for p in sorted((out / "text").glob("*"))})
    return files


def test_dask_cluster_writes_the_same_bytes_as_a_local_run(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    write_memos(tmp_path / "inbox", 6)
    local, remote = tmp_path / "local", tmp_path / "dask"
    run([tmp_path / "inbox"], local, settings=Settings(workers=1))
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        settings = Settings(executor=ExecutorKind.DASK, scheduler=cluster.scheduler_address)
        summary = run([tmp_path / "inbox"], remote, settings=settings)
    assert (len(summary.processed), summary.exit_code) == (6, 0)
    assert snapshot(remote) == snapshot(local)


def test_dask_not_installed_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_memos(tmp_path / "inbox", 1)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    argv = ["run", "inbox", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:8786"]
    assert main(argv) == 2
    assert "pip install 'ilo-extract[dask]'" in capsys.readouterr().err
