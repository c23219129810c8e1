"""The patterns of a format's settings (report.title, attachments.*.title, numbering …): text with
`{name}` placeholders, checked against the names a setting allows and filled in when rendering.
Nothing else of Python's str.format is allowed (no attribute or index access, no format specs)."""
from __future__ import annotations

import string
from typing import Any


class _Strict(string.Formatter):
    """`{name}` only: no attribute or index access, no format specs."""

    def __init__(self, allowed: tuple[str, ...]):
        self.allowed = allowed

    def get_field(self, field_name, args, kwargs):
        if field_name not in self.allowed:
            raise KeyError(field_name)
        return kwargs[field_name], field_name

    def format_field(self, value, format_spec):
        if format_spec:
            raise ValueError(format_spec)
        return str(value)

    def convert_field(self, value, conversion):
        if conversion:
            raise ValueError(conversion)
        return value


def pattern_problem(pattern: str, allowed: tuple[str, ...]) -> str:
    try:
        _Strict(allowed).format(pattern, **{k: "" for k in allowed})
    except KeyError as e:
        return f"不认识的占位符 {{{e.args[0]}}}（可用：{'、'.join('{' + a + '}' for a in allowed)}）"
    except (ValueError, IndexError):
        return f"花括号写法有误（可用：{'、'.join('{' + a + '}' for a in allowed)}；要写花括号本身请写 {{{{ 和 }}}}）"
    return ""


def fill_pattern(pattern: str, **values: Any) -> str:
    """A checked pattern with its placeholders filled."""
    return _Strict(tuple(values)).format(pattern, **values)
