"""Unit tests of jixiao.read.refs: A1 references."""
from jixiao.read import refs
from jixiao.read.refs import range_bounds, split_ref


def test_refs():
    assert split_ref("B7") == (7, 2) and split_ref("$AB$12") == (12, 28) and split_ref("7B") is None
    assert range_bounds("C5:A2") == (2, 1, 5, 3) and range_bounds("B2") == (2, 2, 2, 2)
    assert refs.column_letter(16384) == "XFD" and refs.column_index("XFD") == 16384
