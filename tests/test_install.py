"""Installed as a bureau installs it: build the wheel, install it (not editable) into a fresh
virtual environment, and build an example from an unrelated folder with the installed command."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.build import build

from .conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow
# the installed copy only: no PYTHONPATH pointing the venv's python at a checkout
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("install")
    # build from a clean copy: pip builds in the source tree, and a build/ folder left behind in
    # the checkout would feed stale modules into a later `pip install .`
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", "build", "out", "*.egg-info", ".pytest_cache", ".hypothesis", "__pycache__"))
    wheels = tmp / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "-w", str(wheels), str(src)], check=True, capture_output=True, timeout=300)
    (wheel,) = wheels.glob("jixiao-*.whl")
    env = tmp / "venv"
    # built as `pip install .` builds it (isolated, setuptools from the index); the dependencies
    # come from this interpreter's site-packages
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(env)], check=True, timeout=300)
    python = env / ("Scripts" if sys.platform == "win32" else "bin") / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], env=ENV,
                   check=True, capture_output=True, timeout=300)
    return env


def test_wheel_carries_the_shipped_formats(venv):
    python = venv / "bin" / "python"
    where = subprocess.run([str(python), "-c", "import jixiao, jixiao.formats.search as f; print(jixiao.__file__); "
                            "print(f.shipped_root()); print(*f.available(f.search_path()))"],
                           capture_output=True, text=True, check=True, cwd=venv, env=ENV).stdout.splitlines()
    assert where[0].startswith(str(venv))                 # the installed copy, not the checkout
    assert where[1].startswith(str(venv))
    assert set(where[2].split()) >= {"default", "株洲2023", "岳阳2024", "长沙2022"}
    listed = subprocess.run([str(venv / "bin" / "jixiao"), "formats"], capture_output=True, text=True,
                            check=True, cwd=venv, env=ENV).stdout
    reference = Path(listed.split("格式参考：")[1].split()[0])
    assert reference.is_file() and str(reference).startswith(str(venv))      # the reference is installed too


def test_installed_command_builds_from_another_folder(venv, tmp_path):
    elsewhere = tmp_path / "某局" / "工作"
    elsewhere.mkdir(parents=True)
    r = subprocess.run([str(venv / "bin" / "jixiao"), "build", str(EXAMPLES["001"]), "-o", "报告"],
                       cwd=elsewhere, capture_output=True, text=True, timeout=300, env=ENV)
    assert r.returncode == 0, r.stdout + r.stderr
    (report,) = (elsewhere / "报告").glob("*.docx")
    assert report.name == "2024年度岳阳市岳阳楼区梅溪街道办事处单位整体支出绩效自评报告.docx"
    assert report.read_bytes() == build(EXAMPLES["001"]).data     # the same bytes as in the checkout


def test_wheel_carries_every_package_of_the_tree(venv):
    """A stage package added to src/ is in the wheel without a line in pyproject.toml."""
    python = venv / "bin" / "python"
    tree = sorted(".".join(p.parent.relative_to(ROOT / "src").parts) for p in (ROOT / "src").rglob("__init__.py"))
    assert len(tree) > 5
    listing = subprocess.run([str(python), "-c", "import jixiao, pkgutil; print(*sorted(['jixiao'] + [m.name for m in "
                              "pkgutil.walk_packages(jixiao.__path__, 'jixiao.') if m.ispkg]))"],
                             capture_output=True, text=True, check=True, cwd=venv).stdout.split()
    assert set(tree) <= set(listing)


def test_wheel_carries_the_compiled_templates_and_uses_them(venv):
    """The shipped templates are compiled when the package is built (render/compiled.py) and a
    build loads that compiled form from inside the installed package."""
    python = venv / "bin" / "python"
    out = subprocess.run([str(python), "-c", (
        "from jixiao.render.compiled import CompiledLoader, compiled_folder; "
        "from jixiao.formats.search import shipped_root; "
        "r = shipped_root(); l = CompiledLoader([('default', r / 'default')]); "
        "print(compiled_folder()); "
        "print(sum(l._code(str(p), p.read_text('utf-8-sig')) is not None for p in r.glob('*/*.j2')), "
        "len(list(r.glob('*/*.j2'))))")], capture_output=True, text=True, check=True, cwd=venv, env=ENV).stdout.split()
    assert out[0].startswith(str(venv)) and int(out[2]) >= 5 and out[1] == out[2]
