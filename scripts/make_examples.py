"""Write the example workbooks inputs/*.xlsx from their data files inputs/data/*.toml.

    python scripts/make_examples.py

Each workbook starts as the blank workbook a clerk gets from `jixiao template` for the format its
data names (填写说明, drop-downs, checks while typing), and the data is filled in. The data was
typed from the real reports the examples reproduce, mistakes included (see each file's header).
tests/test_examples_data.py fails when inputs/ no longer matches the data: run this script then.
"""
from __future__ import annotations

import sys
import tomllib
from decimal import Decimal
from pathlib import Path

from jixiao.formats.search import shipped_root
from jixiao.workbooks.blank import from_data, to_bytes

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "inputs" / "data"


def example_bytes(data_file: Path) -> bytes:
    data = tomllib.loads(data_file.read_text("utf-8"), parse_float=Decimal)
    return to_bytes(from_data(data, (shipped_root(),)))


def main() -> int:
    for data_file in sorted(DATA.glob("*.toml")):
        target = ROOT / "inputs" / (data_file.stem + ".xlsx")
        target.write_bytes(example_bytes(data_file))
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
