"""The lint and format gate (ruff, configured in pyproject.toml): `make test` fails on a lint
error or on a file the formatter would change."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import ROOT


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_ruff_check_finds_nothing():
    result = ruff("check", "--no-cache", ".")
    assert 0 == result.returncode, result.stdout + result.stderr


def test_ruff_format_would_change_nothing():
    result = ruff("format", "--no-cache", "--check", ".")
    assert 0 == result.returncode, result.stdout + result.stderr


def unannotated(path, root=ROOT) -> list[str]:
    """Public functions (and public methods of public classes) of a module with an argument or
    the return left without a type."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            functions.append(node)
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            functions += [n for n in node.body if isinstance(n, ast.FunctionDef)]
    out = []
    for fn in functions:
        if fn.name.startswith("_"):
            continue
        args = [
            a
            for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs
            if a.arg not in ("self", "cls")
        ]
        args += [a for a in (fn.args.vararg, fn.args.kwarg) if a is not None]
        missing = [a.arg for a in args if a.annotation is None]
        if fn.returns is None:
            missing.append("return")
        if missing:
            out.append(
                f"{path.relative_to(root).as_posix()}:{fn.lineno} {fn.name}: {', '.join(missing)}"
            )
    return out


def test_every_public_function_is_annotated():
    """Pages (dashboard/views) are scripts; every module of the package types its public API."""
    assert [] == [x for p in sorted((ROOT / "dashboard").glob("*.py")) for x in unannotated(p)]


def test_the_annotation_check_can_fail(tmp_path):
    (tmp_path / "m.py").write_text(
        "def f(x, y: int) -> int:\n    return y\n\n\ndef _g(x):\n    return x\n", encoding="utf-8"
    )
    assert ["m.py:1 f: x"] == unannotated(tmp_path / "m.py", tmp_path)
