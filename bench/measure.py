"""Wall time and peak RSS of one command, for the bench scripts: the command runs under a
fresh wrapper process, whose ``getrusage(RUSAGE_CHILDREN)`` is the command's own peak."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

WRAPPER = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_kib": peak, "code": done.returncode,
                  "stdout": done.stdout, "stderr": done.stderr[-2000:]}))
"""


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mib: float
    output: str  # the command's standard output


def measure(command: list[str]) -> Measured:
    """Time ``command``; exit codes 0 and 1 (some documents failed) are normal outcomes."""
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, check=True
    )
    report = json.loads(done.stdout)
    if report["code"] not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {report['code']}:\n{report['stderr']}")
    return Measured(report["seconds"], report["peak_kib"] / 1024, report["stdout"])
