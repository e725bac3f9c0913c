"""An Airflow DAG that runs `ilo-extract run` every night and alerts on exit code 1.

Exit codes: 0 all documents ok; 1 some documents failed (the CSVs are written and usable,
so the task succeeds, but someone is told which documents failed); 2 usage or configuration
error, or the output folder is busy: the task fails and Airflow retries it.
Copy into the DAGs folder and adapt PROJECT, INBOX, OUT and `alert`.
"""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

from airflow.decorators import dag, task
from airflow.exceptions import AirflowFailException

PROJECT = Path("/srv/ilo-extract")
INBOX = PROJECT / "inbox"
OUT = PROJECT / "data"
COMMAND = [
    str(PROJECT / ".venv/bin/ilo-extract"), "run", str(INBOX), "--out", str(OUT),
    "--log-format", "json", "--wait", "--wait-timeout", "3600",
]  # fmt: skip


def alert(subject: str, body: str) -> None:
    """Replace with your channel (e-mail, Slack webhook, PagerDuty ...)."""
    from airflow.utils.email import send_email

    send_email(to=["ops@example.org"], subject=subject, html_content=f"<pre>{body}</pre>")


def failed_documents(log_lines: str) -> list[dict[str, str]]:
    """The `failed` list of the final summary event of a JSON log."""
    for line in reversed(log_lines.splitlines()):
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("event") == "summary":
            return list(event.get("failed", []))
    return []


@dag(
    schedule="15 2 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=15)},
    tags=["ilo-extract"],
)
def ilo_extract_nightly() -> None:
    @task(execution_timeout=timedelta(hours=6))
    def extract() -> str:
        done = subprocess.run(COMMAND, capture_output=True, text=True, cwd=PROJECT)
        summary = done.stdout.strip()
        if done.returncode == 1:
            failed = failed_documents(done.stderr)
            listing = "\n".join(f"{d['source']}: {d['error']}" for d in failed)
            alert(f"ilo-extract: {len(failed)} documents failed", f"{summary}\n\n{listing}")
        elif done.returncode != 0:
            raise AirflowFailException(
                f"ilo-extract exited {done.returncode}: {done.stderr[-2000:]}"
            )
        return summary

    extract()


ilo_extract_nightly()
