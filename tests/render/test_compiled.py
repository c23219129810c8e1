"""The shipped templates compiled when the package is built (render/compiled.py): the compiled
form renders byte for byte what compiling in memory renders, and is used only while it matches
the template text it came from."""
from __future__ import annotations

import shutil

from jixiao.formats.load import load
from jixiao.formats.search import available, search_path, shipped_root
from jixiao.render import report
from jixiao.render.compiled import CompiledLoader, compile_shipped, module_name
from jixiao.render.sample import full_sample
from jixiao.score.figures import compute


def test_compiled_form_renders_the_same_text(tmp_path):
    written = compile_shipped(tmp_path / "c", report.FILTERS)
    names = available((shipped_root(),))
    assert len(written) >= len(names) >= 5
    for name in names:
        fm = load(name, search_path())
        wb = full_sample(fm)
        fig = compute(wb, fm.scoring)
        in_memory = report.new_environment(list(fm.chain), report.filters_of(fm))
        compiled = report.new_environment(list(fm.chain), report.filters_of(fm))
        loader = CompiledLoader(list(fm.chain), tmp_path / "c")
        compiled.loader = loader
        used = []
        real = loader._code
        loader._code = lambda f, s: used.append(r := real(f, s)) or r      # noqa: E731
        context = lambda: report._template_context(wb, fig, fm, [], None, "标题", set())  # noqa: E731
        a = in_memory.render(in_memory.get_template(fm["report.template"]), context())
        b = compiled.render(compiled.get_template(fm["report.template"]), context())
        assert a == b and used and all(c is not None for c in used), name


def test_a_changed_template_is_compiled_again(tmp_path):
    root = tmp_path / "templates"
    shutil.copytree(shipped_root() / "default", root / "default")
    compile_shipped(tmp_path / "c", report.FILTERS, root)
    chain = [("default", root / "default")]
    loader = CompiledLoader(chain, tmp_path / "c", root)
    path = root / "default" / "macros.j2"
    assert (tmp_path / "c" / (module_name("default", "macros.j2") + ".py")).is_file()
    assert loader._code(str(path), path.read_text("utf-8")) is not None
    assert loader._code(str(path), path.read_text("utf-8") + "x") is None      # stale: not used
    other = CompiledLoader(chain, tmp_path / "c")           # not the shipped root: never compiled form
    assert other._code(str(path), path.read_text("utf-8")) is None
