from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from jixiao.build import build

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
EXAMPLES = {
    "000": INPUTS / "000_贺家土街道_2023.xlsx",
    "001": INPUTS / "001_梅溪街道_2024.xlsx",
    "003": INPUTS / "003_月湖街道_2022.xlsx",
}


class Built:
    """One example built once: the outcome, the document, its paragraphs' text and tables."""

    def __init__(self, path: Path):
        self.outcome = build(path)
        assert self.outcome.data is not None, [str(m) for m in self.outcome.messages]
        self.doc = docx.Document(io.BytesIO(self.outcome.data))
        body = self.doc.element.body
        self.paragraphs = [p for p in self.doc.paragraphs]
        self.texts = [p.text for p in self.paragraphs]
        self.tables = self.doc.tables
        self.xml = body.xml

    def styled(self, style_id: str) -> list[str]:
        return [p.text for p in self.paragraphs if p.style is not None and p.style.style_id == style_id]

    def table_texts(self, t) -> list[list[str]]:
        return [[c.text for c in row.cells] for row in t.rows]


_cache: dict[str, Built] = {}


@pytest.fixture(params=sorted(EXAMPLES))
def example(request) -> Built:
    return built(request.param)


def built(key: str) -> Built:
    if key not in _cache:
        _cache[key] = Built(EXAMPLES[key])
    return _cache[key]


def fmt(name: str = "default", **overrides):
    """A shipped format, with settings overridden by dotted key (underscores for dots:
    attachments__basic__title="…")."""
    import dataclasses

    from jixiao import formats
    base = formats.load(name, formats.search_path())
    settings = {**base.settings, **{k.replace("__", "."): v for k, v in overrides.items()}}
    return dataclasses.replace(base, settings=settings, scoring=formats.scoring_of(settings))
