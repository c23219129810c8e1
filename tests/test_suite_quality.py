"""A test that cannot fail is a defect. The vacuous kind this finds: a test whose every check sits
inside a loop or an `if`, so it passes when the loop runs zero times or the condition never holds
(e.g. `for m in check(wb): assert ...` passes when check() finds nothing). Assert the collection
is non-empty first, or compare with the exact expected list.

A check is an `assert`, a call of a function named assert…, pytest.fail or pytest.raises. A loop
over a literal that is not empty (`for x in (a, b):`, `range(2)`) always runs, so its body counts
as unconditional. Nested functions are not the test's own checks."""
from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent

# test ids ("path::name") allowed to keep every check conditional — each with its reason. Empty:
# every such test so far could be rewritten.
ALLOWED: dict[str, str] = {}


def _is_check(node: ast.AST) -> bool:
    if isinstance(node, ast.Assert):
        return True
    if isinstance(node, ast.Call):
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
        return name.startswith("assert") or name in ("fail", "raises")
    return False


def _always_runs(loop: ast.AST) -> bool:
    """A for loop over a non-empty literal, or over range(n) with a literal n > 0."""
    if not isinstance(loop, (ast.For, ast.AsyncFor)):
        return False
    it = loop.iter
    if isinstance(it, (ast.Tuple, ast.List, ast.Set)):
        return bool(it.elts) and not any(isinstance(e, ast.Starred) for e in it.elts)
    if isinstance(it, ast.Call) and getattr(it.func, "id", "") == "range" and len(it.args) == 1:
        n = it.args[0]
        return isinstance(n, ast.Constant) and isinstance(n.value, int) and n.value > 0
    return False


def checks(fn: ast.AST) -> tuple[int, int]:
    """(unconditional, conditional) checks in a test function's own body."""
    counts = [0, 0]

    def walk(node: ast.AST, conditional: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            inside = conditional
            if isinstance(node, (ast.For, ast.AsyncFor, ast.While, ast.If)) and child is not node.__dict__.get("iter") \
                    and child is not node.__dict__.get("test") and not _always_runs(node):
                inside = True
            elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp, ast.IfExp)):
                inside = True
            if _is_check(child):
                counts[inside] += 1
            walk(child, inside)

    walk(fn, False)
    return counts[0], counts[1]


def vacuous(path: Path) -> list[str]:
    found = []
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            unconditional, conditional = checks(node)
            if conditional and not unconditional:
                where = path.relative_to(TESTS.parent) if path.is_relative_to(TESTS.parent) else path
                found.append(f"{where.as_posix()}::{node.name}")
    return found


def test_no_test_passes_by_checking_nothing():
    files = sorted(TESTS.rglob("test_*.py"))
    assert len(files) > 10
    found = [t for f in files for t in vacuous(f) if t not in ALLOWED]
    assert found == [], "every check of these tests is inside a loop or an if:\n" + "\n".join(found)


def test_the_scan_finds_a_vacuous_test_and_passes_a_sound_one(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "def test_loop(xs):\n    for x in xs:\n        assert x\n"
        "def test_if(x):\n    if x:\n        assert x > 1\n"
        "def test_guarded(xs):\n    assert xs\n    for x in xs:\n        assert x\n"
        "def test_literal_loop():\n    for x in (1, 2):\n        assert x\n"
        "def test_range():\n    for _ in range(2):\n        assert f()\n"
        "def test_helper(xs):\n    for x in xs:\n        assert_ok(x)\n"
        "def test_nested(xs):\n    def spy():\n        assert xs\n    for x in xs:\n        assert x\n", "utf-8")
    assert [t.split("::")[1] for t in vacuous(sample)] == ["test_loop", "test_if", "test_helper", "test_nested"]
    tree = ast.parse(sample.read_text("utf-8"))
    got = {n.name: checks(n) for n in tree.body}
    assert got == {"test_loop": (0, 1), "test_if": (0, 1), "test_guarded": (1, 1), "test_literal_loop": (1, 0),
                   "test_range": (1, 0), "test_helper": (0, 1), "test_nested": (0, 1)}


def test_every_allowance_is_still_needed_and_says_why():
    stale = [t for t, why in ALLOWED.items() if len(why) < 20 or t not in vacuous(TESTS.parent / t.split("::")[0])]
    assert stale == []
