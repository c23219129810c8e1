"""Each example report matches its golden text snapshot (tests/golden/*.txt). After a change that
means to alter the reports, run `python -m tests.golden` and review the diff."""
from __future__ import annotations

import difflib

import pytest

from . import golden
from .conftest import built, EXAMPLES, SHOWCASE

ALL = {**EXAMPLES, **SHOWCASE}


def test_every_example_in_inputs_has_a_snapshot_test():
    assert sorted(p.name for p in golden.examples()) == sorted(p.name for p in ALL.values())


@pytest.mark.parametrize("key", sorted(ALL))
def test_report_matches_its_snapshot(key):
    path = golden.golden_path(ALL[key])
    assert path.is_file(), f"no snapshot for {ALL[key].name}: run python -m tests.golden"
    expected = path.read_text("utf-8")
    actual = golden.snapshot(built(key).outcome.data)
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            str(path.name), "built now", n=1))
        pytest.fail(f"{path.name} differs from the report built now "
                    f"(if the change is meant, run `python -m tests.golden` and review):\n{diff[:6000]}")


def test_snapshot_shows_merges_spans_sections_and_breaks():
    text = golden.snapshot(built("000").outcome.data)
    assert "| ↑ |" in text or "| ↑" in text            # a vertically merged cell continues
    assert "⟨2⟩" in text                                # a cell spanning two columns
    assert text.count("§") >= 2                         # the cover's section and the last one
    assert "⤓" in text                                  # each attachment on a new page
    assert "¶ Heading1 | 一、部门基本情况" in text
