"""The Jinja environment a format's templates run in: Jinja's immutable sandbox (no Python
internals, no files, no processes), plus bounds so a broken or hostile template can neither hang
nor eat the machine's memory.

What a template may do is what the format reference (docs/formats.md) lists: read the report's
data, call the listed filters and functions, loop, branch and define macros. Every loop step and
every call counts against MAX_TEMPLATE_STEPS; strings and lists a template builds are capped at
MAX_TEMPLATE_STRING; the whole rendered text at MAX_RENDERED_CHARS; rendering stops after
MAX_RENDER_SECONDS. Reaching a bound stops the build with a message naming the template file and
line (see `locate`).

Strings a template reads from an object the program hands it — the workbook's model, the
computed figures, any dataclass instance — are escaped for the report markup as the template
reads them (`getattr`/`getitem`), so no clerk text is ever taken for markup and nothing is copied.
Which objects is decided by their type (every dataclass instance), not by the module they are
defined in: moving a module never turns escaping off, and a new dataclass is escaped too. The
format's own text (its title, its [words]) reaches a template as plain strings and dicts.
"""
from __future__ import annotations

import dataclasses
import os
import re
import time
import traceback
import types
from pathlib import Path
from typing import Any, Callable

import jinja2
import jinja2.runtime
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

MAX_TEMPLATE_STEPS = 2_000_000     # loop iterations + calls while rendering one report
MAX_TEMPLATE_STRING = 2_000_000    # characters (or items) in one string/list a template builds
MAX_RENDERED_CHARS = 20_000_000    # characters of markup one report's templates produce
MAX_RENDER_SECONDS = 20            # wall-clock time for rendering one report
MAX_INT_ARGUMENT = 100_000         # widths and counts passed to filters and methods
MAX_TEMPLATE_BYTES = 1_000_000     # size of one template file


class LimitExceeded(SecurityError):
    """A template went past one of the bounds above."""


class OutsideFolder(SecurityError):
    """A template file that is a link to something outside its format's folder."""


# ---------------------------------------------------------------- escaping for the markup

_MARK_START = re.compile(r"^([#@-])", re.M)


def escape(text: str) -> str:
    """Clerk text as literal markup text: `*` and `\\` escaped, a leading `#`, `@` or `-` too."""
    text = text.replace("\\", "\\\\").replace("*", "\\*")
    return _MARK_START.sub(r"\\\1", text)


def _escaped(obj: Any) -> bool:
    """Objects whose strings a template gets escaped: every dataclass instance (the model's, the
    figures', any other), whatever module defines it — failing closed."""
    return dataclasses.is_dataclass(obj) and not isinstance(obj, type)


class StepAllowance:
    """Steps and time for one rendering; shared by the environment while it renders."""

    def __init__(self) -> None:
        self.steps = 0
        self.deadline = time.monotonic() + MAX_RENDER_SECONDS

    def tick(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > MAX_TEMPLATE_STEPS:
            raise LimitExceeded(f"模板运行步数超过上限（{MAX_TEMPLATE_STEPS}步），可能有过大的循环或无限递归")
        if time.monotonic() > self.deadline:    # every step: the filters left are linear in their input
            raise LimitExceeded(f"模板运行超过{MAX_RENDER_SECONDS}秒")


def _sized(value: Any) -> Any:
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_TEMPLATE_STRING:
        raise LimitExceeded(f"模板生成的文字或列表过长（超过{MAX_TEMPLATE_STRING}）")
    return value


_PRINTF_WIDTH = re.compile(r"%[-+ #0]*\d{4,}|%[-+ #0]*\d*\.\d{4,}")


def _check_ints(args: tuple, kwargs: dict) -> None:
    for a in (*args, *kwargs.values()):
        if isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_INT_ARGUMENT:
            raise LimitExceeded(f"模板中的数值参数 {a} 过大（上限{MAX_INT_ARGUMENT}）")


def _check_growth(args: tuple, kwargs: dict) -> None:
    """Refuse a call whose result could outgrow the bound before it is built: a filter or method
    can at most multiply its two largest inputs (replace("a", long), join(long_separator),
    indent(width) …); a %-format cannot ask for a huge width."""
    sizes = []
    for a in (*args, *kwargs.values()):
        if isinstance(a, str) and _PRINTF_WIDTH.search(a):
            raise LimitExceeded("模板中的格式宽度过大")
        if isinstance(a, (str, list, tuple)):
            sizes.append(len(a))
        elif isinstance(a, int) and not isinstance(a, bool):
            sizes.append(abs(a))
    sizes.sort()
    if len(sizes) >= 2 and sizes[-1] * sizes[-2] > 10 * MAX_TEMPLATE_STRING:
        raise LimitExceeded(f"模板生成的文字或列表过长（超过{MAX_TEMPLATE_STRING}）")


def _guard_filter(fn: Callable) -> Callable:
    """A filter with its numeric arguments bounded and its result size checked."""
    def guarded(*args, **kwargs):
        plain = tuple(a for a in args if not isinstance(a, (jinja2.runtime.Context,
                                                            jinja2.nodes.EvalContext, jinja2.Environment)))
        _check_ints(plain[1:], kwargs)
        _check_growth(plain, kwargs)
        return _sized(fn(*args, **kwargs))
    guarded.__name__ = getattr(fn, "__name__", "filter")
    for attr in ("jinja_pass_arg",):
        if hasattr(fn, attr):
            setattr(guarded, attr, getattr(fn, attr))
    return guarded


class EscapedMapping(dict):
    """A dict of the model's (Info.extra, refs) as a template sees it: its strings escaped on
    access (`getitem`), its keys as they are."""

    def get(self, key, default=None):
        value = dict.get(self, key, default)
        return escape(value) if isinstance(value, str) else value

    def values(self):
        return [escape(v) if isinstance(v, str) else v for v in dict.values(self)]

    def items(self):
        return [(k, escape(v) if isinstance(v, str) else v) for k, v in dict.items(self)]


def _size(x: Any) -> int:
    return len(x) if isinstance(x, (str, list, tuple)) else 0


# ---------------------------------------------------------------- code generation hooks

class _CodeGenerator(CodeGenerator):
    """Jinja's code generator, with every loop's iterable stepped through `environment.jx_loop`
    (one step of the StepAllowance per item) and every `~` concatenation size-checked."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._counted: set[int] = set()

    def visit_For(self, node: nodes.For, frame) -> None:
        self._counted.add(id(node.iter))
        super().visit_For(node, frame)

    def visit(self, node, *args, **kwargs):
        if id(node) in self._counted:
            self.write("environment.jx_loop(")
            super().visit(node, *args, **kwargs)
            self.write(")")
            return None
        return super().visit(node, *args, **kwargs)

    def visit_Concat(self, node: nodes.Concat, frame) -> None:
        self.write("environment.jx_sized(")
        super().visit_Concat(node, frame)
        self.write(")")


# ---------------------------------------------------------------- the environment

# Jinja's own filters a template may use: those whose work is linear (or n log n) in their input,
# so the time bound holds between two steps. Left out: HTML ones (escape, safe, urlize, striptags,
# xmlattr, tojson, urlencode), ones that build text of a width a template chooses (center,
# indent, wordwrap, format, pprint, filesizeformat) and random (a report must be reproducible).
JINJA_FILTERS = frozenset({
    "abs", "batch", "capitalize", "count", "d", "default", "dictsort", "first", "float", "groupby",
    "int", "items", "join", "last", "length", "list", "lower", "map", "max", "min", "reject",
    "rejectattr", "replace", "reverse", "round", "select", "selectattr", "slice", "sort", "string",
    "sum", "title", "trim", "truncate", "unique", "upper", "wordcount",
})

_UNSAFE_STR_METHODS = frozenset({"format", "format_map", "center", "ljust", "rjust", "zfill",
                                 "expandtabs", "join", "encode", "translate", "maketrans"})


class SafeEnvironment(ImmutableSandboxedEnvironment):
    code_generator_class = _CodeGenerator
    intercepted_binops = frozenset({"+", "*", "**", "%", "//", "/"})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.allowance = StepAllowance()
        self.checked: set[str] = set()      # templates whose blocks render/report.py has checked
        self.filters = {name: _guard_filter(fn) for name, fn in self.filters.items() if name in JINJA_FILTERS}
        self.globals = {"range": self._range, "lipsum": None, "dict": dict, "cycler": None,
                        "joiner": self.globals["joiner"], "namespace": self.globals["namespace"]}
        self.globals = {k: v for k, v in self.globals.items() if v is not None}

    def _range(self, *args):
        _check_ints(args, {})
        return range(*args)

    # loops, concatenation, calls ---------------------------------------------
    def jx_loop(self, iterable):
        for item in iterable:
            self.allowance.tick()
            yield item

    def jx_sized(self, value):
        return _sized(value)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 — Jinja's own signature
        __self.allowance.tick()
        _check_ints(args, kwargs)
        if not isinstance(__obj, jinja2.runtime.Macro):    # macros take whole paragraphs
            _check_growth(args, kwargs)
        return _sized(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context, op: str, left, right):
        self.allowance.tick()
        if op == "**":
            if isinstance(right, (int, float)) and abs(right) > 64 or \
                    isinstance(left, (int, float)) and abs(left) > 10 ** 9:
                raise LimitExceeded("模板中的乘方过大")
        elif op == "*":
            for a, b in ((left, right), (right, left)):
                if isinstance(a, (str, list, tuple)) and isinstance(b, int):
                    if len(a) * b > MAX_TEMPLATE_STRING:
                        raise LimitExceeded(f"模板生成的文字或列表过长（超过{MAX_TEMPLATE_STRING}）")
        elif op == "+":
            if _size(left) + _size(right) > MAX_TEMPLATE_STRING:
                raise LimitExceeded(f"模板生成的文字或列表过长（超过{MAX_TEMPLATE_STRING}）")
        elif op == "%" and isinstance(left, str):
            if re.search(r"%[-+ #0]*\d{4,}|\.\d{4,}", left):
                raise LimitExceeded("模板中的格式宽度过大")
        try:
            return self.binop_table[op](left, right)
        except OverflowError:
            raise LimitExceeded("模板中的数值计算溢出") from None

    # attributes: strings from the workbook come escaped ----------------------
    def wrap_str_format(self, value):
        """str.format / format_map are never available to a template (widths, attribute access):
        refused here, whatever _UNSAFE_STR_METHODS says."""
        if isinstance(value, (types.MethodType, types.BuiltinMethodType)) \
                and getattr(value, "__name__", "") in ("format", "format_map") \
                and isinstance(getattr(value, "__self__", None), str):
            raise SecurityError(f"模板中不能使用字符串的 {value.__name__} 方法，请用 ~ 连接文字")
        return None

    def is_safe_attribute(self, obj, attr, value) -> bool:
        if isinstance(obj, str) and attr in _UNSAFE_STR_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def getattr(self, obj, attribute):
        value = super().getattr(obj, attribute)
        return self._escape_from(obj, value)

    def getitem(self, obj, argument):
        # obj["name"] on a dataclass (and the filters' attribute= lookups) reach its attributes here
        return self._escape_from(obj, super().getitem(obj, argument))

    @staticmethod
    def _escape_from(obj: Any, value: Any) -> Any:
        if _escaped(obj) or isinstance(obj, EscapedMapping):
            if isinstance(value, str):
                return escape(value)
            if isinstance(value, dict) and not isinstance(value, EscapedMapping):
                return EscapedMapping(value)
        return value

    # rendering ---------------------------------------------------------------
    def render(self, template: jinja2.Template, context: dict) -> str:
        """The template's text, within the bounds; raises LimitExceeded or Jinja's errors."""
        self.allowance = StepAllowance()
        out: list[str] = []
        total = 0
        for chunk in template.generate(context):
            total += len(chunk)
            if total > MAX_RENDERED_CHARS:
                raise LimitExceeded(f"模板生成的内容过长（超过{MAX_RENDERED_CHARS}个字符）")
            out.append(chunk)
        return "".join(out)


# ---------------------------------------------------------------- loading, safely

class FolderLoader(jinja2.BaseLoader):
    """Templates from an ordered list of folders (a format, then what it extends): the first
    folder holding the name wins. `PARENT/name` names the file in format PARENT's own chain, so a
    template can extend its parent's version of itself. Nothing outside the folders is read:
    no `..`, no absolute names, no symbolic links leading out."""

    def __init__(self, chain: list[tuple[str, Path]]):
        self.chain = chain           # [(format name, folder)], the format first

    def _find(self, name: str) -> Path | None:
        parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
        if not parts or any(p == ".." or ":" in p for p in parts):
            return None
        chain = self.chain
        if len(parts) > 1 and any(parts[0] == n for n, _ in self.chain):
            start = next(i for i, (n, _) in enumerate(self.chain) if n == parts[0])
            chain, parts = self.chain[start:], parts[1:]
        for _, folder in chain:
            path = folder.joinpath(*parts)
            try:
                if not os.path.lexists(path):
                    continue
                real = path.resolve()
                if not real.is_relative_to(folder.resolve()):
                    raise OutsideFolder(f"模板文件“{name}”是指向格式文件夹以外的链接，不予读取（{path}）")
                if real.is_file():
                    return path
            except OSError:
                continue
        return None

    def get_source(self, environment, template):
        path = self._find(template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise LimitExceeded(f"模板文件 {path.name} 过大（超过{MAX_TEMPLATE_BYTES}字节）")
        try:
            source = path.read_text("utf-8-sig")
        except UnicodeDecodeError:
            raise jinja2.TemplateSyntaxError("文件不是 UTF-8 编码，请另存为 UTF-8", 1, template,
                                             str(path)) from None
        mtime = path.stat().st_mtime
        return source, str(path), lambda: path.stat().st_mtime == mtime


def locate(exc: BaseException, folders: list[Path]) -> tuple[str, int | None]:
    """(template file, line) where a template error happened: Jinja's syntax errors carry it;
    for errors while rendering, the innermost traceback frame inside a format folder."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.filename or exc.name or "", exc.lineno
    roots = [str(f.resolve()) for f in folders] + [str(f) for f in folders]
    found: tuple[str, int | None] = ("", None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if any(frame.filename.startswith(r) for r in roots):
            found = (frame.filename, frame.lineno)
    return found


def new_environment(chain: list[tuple[str, Path]], filters: dict[str, Callable]) -> SafeEnvironment:
    # No bytecode cache across runs: compiled templates on disk are code a writable cache folder
    # would let anyone change (the sandbox is only as strong as the code it compiles); compiling
    # a format's templates costs ~30 ms once per process, and a process pool compiles once a worker.
    env = SafeEnvironment(loader=FolderLoader(chain), undefined=jinja2.StrictUndefined,
                          autoescape=False, keep_trailing_newline=True, auto_reload=False)
    env.filters.update({k: _guard_filter(v) for k, v in filters.items()})
    return env


__all__ = ["SafeEnvironment", "LimitExceeded", "escape", "locate", "new_environment",
           "MAX_TEMPLATE_STEPS", "MAX_TEMPLATE_STRING", "MAX_RENDERED_CHARS", "MAX_RENDER_SECONDS",
           "MAX_INT_ARGUMENT", "MAX_TEMPLATE_BYTES"]
