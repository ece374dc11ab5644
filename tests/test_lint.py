"""The lint and format gate (ruff, configured in pyproject.toml): `make test` fails on a lint
error or on a file the formatter would change."""

from __future__ import annotations

import ast
import re
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


CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# The three homes of Chinese text: what users read, the data contract, the sample's data.
CHINESE_HOMES = {"labels.py", "contract.py", "sample.py"}


def chinese_literals(path, root=ROOT) -> list[str]:
    """String literals written with Chinese characters in a module, docstrings aside (comments
    are not in the syntax tree). An escape such as "\\u3000" is not Chinese text."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    inside_fstrings = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in ast.walk(node)
        if part is not node
    }
    found = []
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.Constant) and isinstance(node.value, str)
        )
        if is_text and id(node) not in docstrings | inside_fstrings:
            text = ast.get_source_segment(source, node) or ""
            if CJK.search(text):
                found.append(f"{path.relative_to(root).as_posix()}:{node.lineno} {text[:40]}")
    return found


def test_chinese_literals_finder_finds_them(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        '"""模块说明"""\nX = "\\u3000"\nY = f"{X}：共 {X} 条"\n# 注释\n', encoding="utf-8"
    )
    found = chinese_literals(module, tmp_path)
    assert ["m.py:3"] == [f.split(" ")[0] for f in found]


def test_no_chinese_text_outside_its_homes():
    """Visible text lives in labels.py; the contract and the sample hold the data's own words."""
    package = ROOT / "dashboard"
    found = [
        hit
        for path in sorted(package.rglob("*.py"))
        if not (path.parent == package and path.name in CHINESE_HOMES)
        for hit in chinese_literals(path)
    ]
    assert [] == found, "\n".join(found)


def test_pages_are_short():
    """A page draws query results; shaping lives in the modules beside it (at most 120 lines)."""
    long = {
        path.name: n
        for path in sorted((ROOT / "dashboard" / "views").glob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 120
    }
    assert {} == long
