"""The bureau's store survives SIGKILL in the middle of uploads: every acknowledged submission is
there after a restart, and every stored file is whole (bench/bench_web.py measures it at 50)."""
from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_kill_9_during_uploads_loses_no_acknowledged_submission():
    spec = importlib.util.spec_from_file_location("bench_web", ROOT / "bench" / "bench_web.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    got = bench.kill(12, after=1.0)
    assert got["acknowledged"] >= 1 and got["stored"] >= got["acknowledged"]
    assert got["acknowledged_missing"] == 0 and got["stored_broken"] == 0
