"""The Jinja environment a format's templates run in: Jinja's immutable sandbox (no Python
internals, no files, no processes), plus bounds so a broken or hostile template can neither hang
nor eat the machine's memory.

What a template may do is what the format reference (docs/formats.md) lists: read the report's
data, call the listed filters and functions, loop, branch and define macros. Every loop step and
every call counts against MAX_TEMPLATE_STEPS; strings and lists a template builds are capped at
MAX_TEMPLATE_STRING, checked before each operation allocates (bounds.py: %-formats, repetition,
joins, sums, membership, printing); the whole rendered text at MAX_RENDERED_CHARS, its lines at
MAX_RENDERED_LINES; rendering stops after MAX_RENDER_SECONDS; a template too large to compile
(MAX_TEMPLATE_TOKENS, MAX_TEMPLATE_NODES, MAX_TEMPLATE_NESTING) is refused before it is. Reaching a
bound stops the build with a message naming the template file and line (see `locate`).

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

from jixiao.formats.bounds import (
    MAX_FORMAT_WIDTH, MAX_INT_ARGUMENT, MAX_INT_DIGITS, MAX_RENDER_SECONDS, MAX_RENDERED_CHARS, MAX_RENDERED_LINES,
    MAX_RENDERED_MARKS,
    MAX_TEMPLATE_BYTES, MAX_TEMPLATE_NESTING, MAX_TEMPLATE_NODES, MAX_TEMPLATE_STEPS, MAX_TEMPLATE_STRING,
    MAX_TEMPLATE_TOKENS, LimitExceeded, StepAllowance, bounded_sum, joined, printf, repeat, size, sized, too_long)


class OutsideFolder(SecurityError):
    """A template file that is a link to something outside its format's folder."""


class TemplateTooBig(jinja2.TemplateSyntaxError):
    """A template past MAX_TEMPLATE_TOKENS, MAX_TEMPLATE_NODES or MAX_TEMPLATE_NESTING: refused
    before it is compiled (compiling costs memory in proportion), at its file and line."""


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


_PRINTF_WIDTH = re.compile(r"%[-+ #0]*\d{4,}|%[-+ #0]*\d*\.\d{4,}")


def _check_ints(args: tuple, kwargs: dict) -> None:
    for a in (*args, *kwargs.values()):
        if isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_INT_ARGUMENT:
            raise LimitExceeded(f"模板中的数值参数 {a} 过大（上限{MAX_INT_ARGUMENT}）")


def _check_growth(args: tuple, kwargs: dict, allowance: StepAllowance) -> None:
    """Refuse a call whose result could outgrow the bound before it is built: a filter or method
    can at most multiply its two largest inputs (replace("a", long), join(long_separator),
    indent(width) …); a %-format cannot ask for a huge width. Reading its inputs is work."""
    sizes = []
    read = 0
    for a in (*args, *kwargs.values()):
        if isinstance(a, str) and _PRINTF_WIDTH.search(a):
            raise LimitExceeded(f"模板中的格式宽度过大（上限{MAX_FORMAT_WIDTH}）")
        if isinstance(a, (str, list, tuple)):
            sizes.append(len(a))
            read += len(a)
        elif isinstance(a, int) and not isinstance(a, bool):
            sizes.append(abs(a))
    allowance.work(read)
    sizes.sort()
    if len(sizes) >= 2 and sizes[-1] * sizes[-2] > 10 * MAX_TEMPLATE_STRING:
        raise too_long()


_NOT_VALUES = (jinja2.runtime.Context, jinja2.nodes.EvalContext, jinja2.Environment)


def _guard_filter(fn: Callable, env: "SafeEnvironment") -> Callable:
    """A filter with its numeric arguments bounded, its work counted and its result size checked
    (an iterator it returns, as it is consumed)."""
    def guarded(*args, **kwargs):
        plain = tuple(a for a in args if not isinstance(a, _NOT_VALUES))
        _check_ints(plain[1:], kwargs)
        _check_growth(plain, kwargs, env.allowance)
        return sized(fn(*args, **kwargs), env.allowance)
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


# ---------------------------------------------------------------- code generation hooks

class _CodeGenerator(CodeGenerator):
    """Jinja's code generator, with every loop's iterable stepped through `environment.jx_loop`
    (one step of the StepAllowance per item), every `~` concatenation sized before it is joined
    (`jx_concat`), every list, tuple and dict a template writes sized (`jx_sized`), and the right
    side of every `in` counted as work (`jx_container`)."""

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
        self.write("environment.jx_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def visit_Operand(self, node: nodes.Operand, frame) -> None:
        if node.op in ("in", "notin"):
            self.write(" in " if node.op == "in" else " not in ")
            self.write("environment.jx_container(")
            self.visit(node.expr, frame)
            self.write(")")
            return
        super().visit_Operand(node, frame)

    def _sized_literal(self, visit, node, frame) -> None:
        if getattr(node, "ctx", "load") != "load":
            visit(node, frame)
            return
        self.write("environment.jx_sized(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node: nodes.List, frame) -> None:
        self._sized_literal(super().visit_List, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame) -> None:
        self._sized_literal(super().visit_Tuple, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame) -> None:
        self._sized_literal(super().visit_Dict, node, frame)


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
        self.filters = {name: _guard_filter(fn, self) for name, fn in self.filters.items() if name in JINJA_FILTERS}
        self.filters["sum"] = _guard_filter(jinja2.pass_environment(bounded_sum), self)
        self.finalize = self._finalize
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
        return sized(value, self.allowance)

    def jx_concat(self, values: tuple) -> str:
        """`a ~ b ~ …`: the parts' sizes (their text at most a few times that) checked before
        they are turned into text and joined."""
        total = 0
        for v in values:
            total += size(v, self.allowance)
            if total > MAX_TEMPLATE_STRING:
                raise too_long()
        return sized("".join(map(str, values)), self.allowance)

    def jx_container(self, value):
        """The right side of `in`: searching it is work in proportion to its length."""
        if isinstance(value, (str, list, tuple)):
            self.allowance.work(len(value))
        return value

    def _finalize(self, value):
        """What `{{ … }}` prints: sized before it is turned into text."""
        if not isinstance(value, str) and size(value, self.allowance) > MAX_TEMPLATE_STRING:
            raise too_long()
        return value

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 — Jinja's own signature
        __self.allowance.tick()
        _check_ints(args, kwargs)
        if not isinstance(__obj, jinja2.runtime.Macro):    # macros take whole paragraphs
            _check_growth(args, kwargs, __self.allowance)
        return sized(super().call(__context, __obj, *args, **kwargs), __self.allowance)

    def call_binop(self, context, op: str, left, right):
        allowance = self.allowance
        allowance.tick()
        if op == "**":
            if isinstance(right, (int, float)) and abs(right) > 64 or \
                    isinstance(left, (int, float)) and abs(left) > 10 ** 9:
                raise LimitExceeded("模板中的乘方过大")
        elif op == "*":
            repeat(left, right, allowance)
            repeat(right, left, allowance)
        elif op == "+":
            joined(left, right, allowance)
        elif op == "%" and isinstance(left, str):
            printf(left, right, allowance)
        try:
            return sized(self.binop_table[op](left, right), allowance)
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
        total = lines = marks = 0
        for chunk in template.generate(context):
            total += len(chunk)
            lines += chunk.count("\n")
            marks += chunk.count("*")
            if marks > MAX_RENDERED_MARKS:
                raise LimitExceeded(f"模板生成的粗体标记“*”过多（超过{MAX_RENDERED_MARKS}个）")
            if total > MAX_RENDERED_CHARS:
                raise LimitExceeded(f"模板生成的内容过长（超过{MAX_RENDERED_CHARS}个字符）")
            if lines > MAX_RENDERED_LINES:
                raise LimitExceeded(f"模板生成的内容过长（超过{MAX_RENDERED_LINES}行，即段落、标题）")
            out.append(chunk)
        return "".join(out)

    # compiling, bounded ------------------------------------------------------
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Jinja's parse, after the template's tokens (whitespace aside) and nesting are counted
        (streaming, so a huge template costs nothing to refuse); its nodes counted before they are
        compiled (the template itself one of them)."""
        def refuse(what: str, line: int) -> TemplateTooBig:
            return TemplateTooBig(f"{what}，请拆小或简化模板", line, name, filename)

        count = depth = 0
        opening = False
        for lineno, kind, value in self.lexer.tokeniter(source, name, filename):
            if kind == "whitespace":
                continue
            count += 1
            if count > MAX_TEMPLATE_TOKENS:
                raise refuse(f"模板过大（超过{MAX_TEMPLATE_TOKENS}个记号）", lineno)
            if kind == "block_begin":
                opening = True
                continue
            if opening and kind == "name":
                if value in _OPENING_TAGS:
                    depth += 1
                elif value.startswith("end") and value[3:] in _OPENING_TAGS:
                    depth -= 1
            elif kind == "operator" and value in "([{":
                depth += 1
            elif kind == "operator" and value in ")]}":
                depth -= 1
            opening = False
            if depth > MAX_TEMPLATE_NESTING:
                raise refuse(f"模板嵌套过深（超过{MAX_TEMPLATE_NESTING}层）", lineno)
        try:
            ast = super()._parse(source, name, filename)
        except RecursionError:
            raise refuse(f"模板嵌套过深（超过{MAX_TEMPLATE_NESTING}层）", 1) from None
        count, stack = 0, [(ast, 0)]
        while stack:
            node, level = stack.pop()
            count += 1
            if count > MAX_TEMPLATE_NODES:
                raise refuse(f"模板过大（超过{MAX_TEMPLATE_NODES}个语法节点）", getattr(node, "lineno", 1) or 1)
            if level > 3 * MAX_TEMPLATE_NESTING:
                raise refuse(f"模板嵌套过深（超过{MAX_TEMPLATE_NESTING}层）", getattr(node, "lineno", 1) or 1)
            stack.extend((child, level + 1) for child in node.iter_child_nodes())
        return ast

    def _compile(self, source: str, filename: str):
        """Python's compile of the generated code: its own limits (about 20 nested `for`s) are
        the template's nesting, at the template's file."""
        try:
            return super()._compile(source, filename)
        except (SyntaxError, RecursionError, MemoryError):
            raise TemplateTooBig("模板中的 for 等嵌套过深，请拆小或简化模板", 1, None,
                                 None if filename == "<template>" else filename) from None


# Tags that open a block closed by end…: what counts as one level of nesting.
_OPENING_TAGS = frozenset({"if", "for", "macro", "call", "filter", "block", "with", "autoescape", "raw", "trans"})


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
    env.filters.update({k: _guard_filter(v, env) for k, v in filters.items()})
    return env


__all__ = ["SafeEnvironment", "LimitExceeded", "TemplateTooBig", "escape", "locate", "new_environment",
           "MAX_TEMPLATE_STEPS", "MAX_TEMPLATE_STRING", "MAX_RENDERED_CHARS", "MAX_RENDER_SECONDS",
           "MAX_INT_ARGUMENT", "MAX_TEMPLATE_BYTES", "MAX_RENDERED_LINES", "MAX_RENDERED_MARKS", "MAX_INT_DIGITS", "MAX_FORMAT_WIDTH",
           "MAX_TEMPLATE_TOKENS", "MAX_TEMPLATE_NODES", "MAX_TEMPLATE_NESTING"]
