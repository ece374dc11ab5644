"""A plain (non-editable) install works from any directory: the wheel carries the SQL and the
bundled sample. Built here, installed into a fresh venv, run from a directory outside the
checkout: `studiodash init` builds the sample database and `studiodash report` gives the very
report the source tree gives."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv

from dashboard import report
from tests.conftest import ROOT


def test_wheel_installs_and_reports_from_another_directory(tmp_path, sample_con):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            str(ROOT),
            "-w",
            str(wheels),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("studiodash-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    # the dependencies are this environment's (no download); studiodash itself only from the wheel
    target = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    with open(os.path.join(target, "deps.pth"), "w") as pth:
        pth.write("\n".join(site.getsitepackages()) + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--disable-pip-version-check",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDIODASH_", "PYTHON"))}
    cli = str(env_dir / "bin" / "studiodash")

    where = subprocess.run(
        [python, "-c", "import dashboard; print(dashboard.__file__)"],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(target), "studiodash is imported from the installed wheel"
    init = subprocess.run([cli, "init"], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert 0 == init.returncode, init.stderr
    assert (elsewhere / "data" / "studios.duckdb").is_file()
    reported = subprocess.run(
        [cli, "report", "--format", "json"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert 0 == reported.returncode, reported.stderr
    expected = json.loads(json.dumps(report.build(sample_con), ensure_ascii=False))
    assert expected == json.loads(reported.stdout)


def test_every_query_folder_is_packaged():
    """A new folder of SQL travels in the wheel (queries/memos/ once did not)."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    packages = set(config["setuptools"]["packages"])
    data = config["setuptools"]["package-data"]
    for folder in sorted(p for p in (ROOT / "queries").iterdir() if p.is_dir()):
        name = f"dashboard.queries.{folder.name}"
        assert name in packages and data.get(name) == ["*.sql"], name
