"""A report format checked before it is used (`jixiao formats --check`, and `template`, `build`,
`check` on the format they use): every problem at its file and line, as `FormatError`s.

- every template file of the format and what it extends parses (an unclosed `{% if %}`);
- a template that extends another writes nothing outside its blocks (that text would vanish) and
  overrides only blocks its parent has;
- every name a template reads is one the program gives it (report.CONTEXT), or one it sets;
- every `[words]` entry a format.toml sets is used by some template (a misspelt key is not);
- the report renders against sample data (sample.py): a full workbook and an empty one.
The settings themselves were checked when the format was loaded (formats/load.py)."""
from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import nodes

from jixiao.formats.load import FORMAT_FILE, Format, FormatError
from jixiao.formats.search import shipped_root
from jixiao.formats.sandbox import MAX_TEMPLATE_BYTES
from jixiao.formats.tomllines import line_of
from jixiao.render.compiled import shipped
from jixiao.render.report import CONTEXT, check_blocks, environment, explain, render
from jixiao.render.sample import empty_sample, full_sample
from jixiao.score.figures import compute

MAX_TEMPLATE_FILES = 50        # template files (*.j2) of one format folder that are checked
TEMPLATE_SUFFIX = ".j2"
_cache: dict[tuple, list[FormatError]] = {}
_shipped_asts: dict[tuple, object] = {}     # the shipped templates parsed once a process (they never change)


def _templates(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == TEMPLATE_SUFFIX and p.is_file())[:MAX_TEMPLATE_FILES]
    except OSError:
        return []


def _parse(env, path: Path, problems: list[FormatError]):
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            problems.append(FormatError(str(path), f"模板文件过大（超过{MAX_TEMPLATE_BYTES}字节）", "模板只写措辞和结构。"))
            return None
        return env.parse(path.read_text("utf-8-sig"), path.name, str(path))
    except UnicodeDecodeError:
        problems.append(FormatError(str(path), "文件不是 UTF-8 编码", "请用记事本等“另存为 UTF-8”。"))
    except jinja2.TemplateSyntaxError as e:
        problems.append(FormatError(f"{path}:{e.lineno}", f"模板有误：{explain(e, env)}",
                                    "if/for/block/macro 要与 endif/endfor/endblock/endmacro 一一对应；见 docs/formats.md 第4节。"))
    except OSError as e:
        problems.append(FormatError(str(path), f"无法读取（{e.strerror or e}）", "请检查文件。"))
    return None


def _outside_blocks(ast, path: Path, problems: list[FormatError]) -> None:
    """In a template that extends another, only blocks (and imports, macros, sets) count: text
    or `{{ … }}` outside every block is never printed."""
    if next(ast.find_all(nodes.Extends), None) is None:
        return
    for node in ast.body:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not (isinstance(child, nodes.TemplateData) and not child.data.strip()):
                    line = child.lineno
                    if isinstance(child, nodes.TemplateData):     # where the text itself starts
                        line += child.data[:len(child.data) - len(child.data.lstrip())].count("\n")
                    problems.append(FormatError(
                        f"{path}:{line}", "这一行在 block 之外：继承别的模板（extends）时，block 之外的内容不会印出",
                        "请把它移进某个 {% block … %} … {% endblock %}，或删除。"))
                    break


_JINJA_NAMES = {"loop", "caller", "varargs", "kwargs", "self", "super", "true", "false", "none",
                "True", "False", "None"}


def _declared(asts) -> set[str]:
    """Every name some template of the format sets: {% set %}, for, macro names and arguments,
    imports (a name set in one file may be read in another: a block reads its parent's import)."""
    out: set[str] = set()
    for ast in asts:
        for node in ast.find_all(nodes.Name):
            if node.ctx in ("store", "param"):
                out.add(node.name)
        for node in ast.find_all(nodes.Macro):
            out.add(node.name)
        for node in ast.find_all(nodes.Import):
            out.add(node.target)
        for node in ast.find_all(nodes.FromImport):
            out.update(n if isinstance(n, str) else n[1] for n in node.names)
    return out


def _undefined(parsed, env, problems: list[FormatError]) -> None:
    """A name read that no one gives: not the program (CONTEXT), not Jinja, not a template."""
    known = set(CONTEXT) | set(env.globals) | _JINJA_NAMES | _declared([a for _, a in parsed])
    for path, ast in parsed:
        for node in ast.find_all(nodes.Name):
            if node.ctx == "load" and node.name not in known:
                problems.append(FormatError(f"{path}:{node.lineno}",
                                            f"名称“{node.name}”没有定义（模板可用的数据见 docs/formats.md 4.3）",
                                            "请检查拼写。"))
                known.add(node.name)       # once


def _words_used(asts) -> set[str] | None:
    """The [words] keys the templates read (words.x, words["x"]); None when one reads them in a
    way that cannot be known (words[name], or words passed whole)."""
    used: set[str] = set()
    for ast in asts:
        parents = {}
        for node in ast.find_all(nodes.Node):
            for child in node.iter_child_nodes():
                parents[id(child)] = node
        for name in ast.find_all(nodes.Name):
            if name.name != "words" or name.ctx != "load":
                continue
            parent = parents.get(id(name))
            if isinstance(parent, nodes.Getattr) and parent.node is name:
                used.add(parent.attr)
            elif isinstance(parent, nodes.Getitem) and parent.node is name and isinstance(parent.arg, nodes.Const):
                used.add(str(parent.arg.value))
            else:
                return None
    return used


def _words(fm: Format, asts, problems: list[FormatError]) -> None:
    used = _words_used(asts)
    if used is None:
        return
    import tomllib
    for _, folder in fm.chain:
        path = folder / FORMAT_FILE
        try:
            text = path.read_text("utf-8-sig")
            words = tomllib.loads(text).get("words", {})
        except (OSError, ValueError):
            continue
        for key in words if isinstance(words, dict) else ():
            if key not in used:
                problems.append(FormatError(
                    f"{path}:{line_of(text, 'words', key) or 1}", f"[words] 中的“{key}”没有模板用到，写了不起作用",
                    f"模板用到的措辞：{'、'.join(sorted(used)) or '无'}。请检查拼写，或在模板中用 {{{{ words.{key} }}}}。"))


def lint_unless_shipped(fm: Format) -> list[FormatError]:
    """What `build`, `check` and `template` run on the format they use."""
    return [] if shipped(fm) else lint(fm)


def lint(fm: Format, samples: bool = True) -> list[FormatError]:
    """Every problem of the format `fm` (already loaded, its settings checked), in file order.
    Without `samples` (the `jixiao formats` listing, which must stay fast for hundreds of formats)
    the templates are checked as text only, not rendered against the sample workbooks."""
    key = tuple((n, str(p)) for n, p in fm.chain) + (id(fm.settings), samples)
    if key in _cache:
        return _cache[key]
    env = environment(fm)
    problems: list[FormatError] = []
    parsed = []
    root = shipped_root().resolve()
    for name, folder in fm.chain:
        own = folder.resolve().parent == root          # the program's own: its tests check them
        for path in _templates(folder):
            key = (str(path), path.stat().st_mtime_ns) if own else None
            ast = _shipped_asts.get(key) if own else None
            if ast is None:
                ast = _parse(env, path, problems)
                if own and ast is not None:
                    _shipped_asts[key] = ast
            if ast is not None:
                parsed.append((path, ast))
                if own:
                    continue
                _outside_blocks(ast, path, problems)
                try:
                    check_blocks(env, f"{name}/{path.name}")
                except FormatError as e:
                    problems.append(e)
                except (jinja2.TemplateError, OSError):
                    pass            # a parent that cannot be found or parsed: reported when rendering
    _undefined(parsed, env, problems)
    _words(fm, [a for _, a in parsed], problems)
    if samples and not problems:
        for wb in (full_sample(fm), empty_sample(fm)):
            try:
                render(wb, compute(wb, fm.scoring), fm)
            except FormatError as e:
                problems.append(e)
                break
    _cache[key] = problems
    return problems
