"""Test-only: an import that SIGKILLs its own process at one named step (importer.STEPS:
after_read, after_write, before_commit), as a crash at that moment would. Used by
tests/test_import.py and benchmarks/crash_loop.py (tests/test_crash.py).

    python -m tests.killed_import STEP DB FILE_OR_FOLDER...
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

from dashboard import db
from dashboard.importer import STEPS, import_files


def kill_at(step: str) -> Callable[[str], None]:
    """An on_step callback for import_files that kills the process at `step`."""
    if step not in STEPS:
        raise ValueError(f"{step!r} is not one of {STEPS}")

    def on_step(name: str) -> None:
        if name == step:
            os.kill(os.getpid(), signal.SIGKILL)

    return on_step


def killed_import(step: str, dbfile: str, files: list[str]) -> int:
    """Import `files` into `dbfile`, killed at `step`; returns (if the import never gets there)
    0 when it succeeded, 1 when it refused the files."""
    con = db.connect(dbfile)
    try:
        return 0 if import_files(con, files, on_step=kill_at(step)).ok else 1
    finally:
        con.close()


if __name__ == "__main__":
    sys.exit(killed_import(sys.argv[1], sys.argv[2], sys.argv[3:]))
