"""`studiodash report` as a whole process: compact JSON by default (--pretty indents the same
report), and a run that loads neither Streamlit nor plotly (only the pages need them)."""

from __future__ import annotations

import json
import subprocess
import sys

from dashboard import report

PROBE = """
import sys
from dashboard import cli
code = cli.main(sys.argv[1:])
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"streamlit", "plotly"})
print("HEAVY", ",".join(heavy), file=sys.stderr)
raise SystemExit(code)
"""


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *map(str, args)], capture_output=True, text=True
    )


def test_report_is_compact_json_unless_pretty_and_the_same_report(loaded, tmp_path):
    built = report.build(loaded, None)
    expected = json.loads(json.dumps(built, ensure_ascii=False))
    loaded.close()  # the command opens the database itself
    compact = cli("report", "--db", tmp_path / "test.duckdb")
    pretty = cli("report", "--db", tmp_path / "test.duckdb", "--pretty")
    assert compact.returncode == 0 and pretty.returncode == 0, compact.stderr + pretty.stderr
    assert compact.stdout.count("\n") == 1 and pretty.stdout.count("\n") > 50
    assert json.loads(compact.stdout) == json.loads(pretty.stdout)
    assert json.loads(compact.stdout) == expected
    # the text json.dumps writes, character for character (the CLI writes with orjson)
    assert json.dumps(built, ensure_ascii=False, separators=(",", ":")) + "\n" == compact.stdout
    assert json.dumps(built, ensure_ascii=False, indent=2) + "\n" == pretty.stdout
    assert "HEAVY \n" in compact.stderr  # nothing of Streamlit or plotly was loaded
