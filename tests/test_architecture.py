"""The tree is the pipeline: a package per stage, every import pointing down it, no cycles (imports
inside functions counted), modules of one sitting, docstrings that point only inside the repository,
and every package shipped in the wheel. Read from the source with `ast`, so a function-level import
counts as much as one at the top of a file."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "jixiao"

# The README's diagram, lowest first. A module may import from its own package and from lower
# ranks only. The top-level modules are the shared vocabulary; build.py runs the stages; the
# workbooks the program writes and the command line sit on top of build.
RANKS = {
    "model": 0, "contract": 0, "messages": 0, "fmt": 0, "oserrors": 0, "filenames": 0,
    "read": 1, "score": 2, "formats": 3, "render": 4, "write": 5,
    "build": 6, "workbooks": 7, "cli": 8, "web": 9,
}
# web/ (`jixiao serve`) is the second door: it calls the same functions as the command line,
# the process pool and the atomic files of cli/ included; cli/ never imports web/.
STAGES = ("read", "score", "formats", "render", "write", "workbooks", "cli")
OPTIONAL_STAGES = ("web",)
MAX_MODULE_LINES = 500


def _modules() -> dict[str, Path]:
    found = {}
    for p in sorted(SRC.rglob("*.py")):
        rel = p.relative_to(SRC).with_suffix("")
        parts = ("jixiao",) + rel.parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = p
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every jixiao module `name` imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            targets = [f"{mod}.{a.name}" for a in node.names] + [mod]
        for t in targets:
            # the longest prefix that is a module of ours: `from jixiao.read import clean` → jixiao.read.clean
            while t and t not in MODULES:
                t = t.rpartition(".")[0]
            if t and t != name and t != "jixiao":
                out.add(t)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _rank_key(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_tree_has_a_package_per_stage():
    for stage in STAGES:
        assert (SRC / stage / "__init__.py").is_file(), stage
    top = sorted(p.stem for p in SRC.glob("*.py") if p.stem != "__init__")
    assert top == sorted(k for k, r in RANKS.items() if k not in STAGES + OPTIONAL_STAGES), top


def test_every_module_has_a_rank():
    assert len(MODULES) > 30
    unranked = [m for m in MODULES if m != "jixiao" and _rank_key(m) not in RANKS]
    assert unranked == []


def test_every_import_points_down_the_pipeline():
    wrong = []
    for name, targets in GRAPH.items():
        if name == "jixiao":
            continue
        own = _rank_key(name)
        for t in targets:
            other = _rank_key(t)
            same_package = own == other and own in STAGES + OPTIONAL_STAGES
            vocabulary = RANKS[own] == RANKS[other] == 0      # top-level modules: no cycle is enough
            if not same_package and not vocabulary and RANKS[other] >= RANKS[own]:
                wrong.append(f"{name} → {t}")
    assert sum(len(t) for t in GRAPH.values()) > 50      # the scan sees the imports
    assert wrong == []


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle a depth-first search meets, each as its path of modules."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph.get(m, ())):
            if state.get(t) == 1:
                cycles.append(stack[stack.index(t):] + [t])
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    return cycles


def test_no_import_cycle():
    assert find_cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_function_level_cycle(tmp_path):
    """The checks above can fail: two modules importing each other inside functions are a cycle."""
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("def f():\n    from jixiao.read.workbook import read_workbook\n", encoding="utf-8")
    b.write_text("def g():\n    from jixiao.read import sheet_like\n    import jixiao.cli.main\n", encoding="utf-8")
    edges_a = _imports("jixiao.read.sheet_like", a)
    edges_b = _imports("jixiao.read.workbook", b)
    assert edges_a == {"jixiao.read.workbook"} and "jixiao.cli.main" in edges_b
    graph = {"jixiao.read.sheet_like": edges_a, "jixiao.read.workbook": {"jixiao.read.sheet_like"}}
    assert find_cycles(graph) == [["jixiao.read.sheet_like", "jixiao.read.workbook", "jixiao.read.sheet_like"]]


def test_modules_are_read_in_one_sitting():
    long = {m: n for m, p in MODULES.items()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_nothing_after_read_touches_excel_and_nothing_before_write_touches_docx():
    excel = re.compile(r"^\s*(import|from)\s+(openpyxl|zipfile|pyexpat)\b", re.M)
    docx = re.compile(r"^\s*(import|from)\s+(docx|lxml)\b", re.M)
    checked, wrong = 0, []
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        stage = _rank_key(name)
        if stage in ("score", "formats", "render", "write") and re.search(r"^\s*(import|from)\s+openpyxl\b", text, re.M):
            wrong.append(f"{name} reads Excel")
        if stage in ("score", "formats", "render") and excel.search(text):
            wrong.append(f"{name} opens a package")
        if stage in ("read", "score", "formats", "render") and docx.search(text):
            wrong.append(f"{name} knows docx")
        checked += stage in ("read", "score", "formats", "render", "write")
    assert checked > 30
    assert wrong == []


def test_docstrings_point_only_inside_the_repository():
    outside = re.compile(r"\.\./shared|shared/(spec|seeds)|spec/[a-z]+\.md|\b(pitfalls|style)\.md")
    found = []
    for p in [*SRC.rglob("*.py"), *(ROOT / "tests").rglob("*.py"), *(ROOT / "templates").rglob("*")]:
        if p.is_file() and p != Path(__file__):
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
                if outside.search(line):
                    found.append(f"{p.relative_to(ROOT)}:{n}")
    assert found == []


def test_every_package_in_the_tree_is_in_the_wheel():
    """setup.py finds the packages; nothing lists them by hand, so none can be left out."""
    from setuptools import find_packages
    packages = set(find_packages(str(ROOT / "src")))
    on_disk = {".".join(p.parent.relative_to(SRC.parent).parts) for p in SRC.rglob("__init__.py")}
    assert packages == on_disk and len(on_disk) >= 1 + len(STAGES)
    setup = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert 'find_packages("src")' in setup
    assert "packages =" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_no_runtime_module_imports_python_docx():
    """python-docx reads reports back in the tests only (a test extra); the writer emits text."""
    uses = [m for m, p in MODULES.items()
            if re.search(r"^\s*(import docx|from docx)\b", p.read_text(encoding="utf-8"), re.M)]
    assert uses == []
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    runtime = pyproject.split("[project.optional-dependencies]")[0]
    assert "python-docx" not in runtime


def test_one_meaning_per_name():
    """A public class or function name is defined in one module only (four `Budget`s and two `money`
    formatters were how "500.00 + 300.00 = 800.01" came back)."""
    where: dict[str, list[str]] = {}
    for name, path in MODULES.items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
                where.setdefault(node.name, []).append(name)
    assert len(where) > 100
    assert {n: m for n, m in where.items() if len(m) > 1} == {}
