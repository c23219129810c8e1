"""Where formats are found (formats/search.py): the search path, own formats first, never the
current folder; unknown or unsafe names list the formats there are."""
from __future__ import annotations

import os

import pytest

from jixiao.formats.load import FormatError, load
from jixiao.formats.search import ENV_VAR, available, find, search_path, shipped_root

from .test_formats import make_format

SHIPPED = ("default", "株洲2023", "岳阳2024", "长沙2022")


def test_shipped_formats_are_found_and_load():
    assert set(SHIPPED) <= set(available(search_path()))
    for name in SHIPPED:
        fm = load(name, search_path())
        assert fm.name == name and fm.chain[-1][0] == "default"
    assert load("", search_path()).name == "default"


@pytest.mark.parametrize("name", ["../x", "..", "nope", "default/../default", "/etc", "a/b"])
def test_unknown_or_unsafe_names_list_the_formats(name):
    with pytest.raises(FormatError) as e:
        load(name, search_path())
    assert "不存在" in e.value.what and "default" in e.value.todo and "株洲2023" in e.value.todo


def test_own_formats_come_first_and_the_cwd_is_never_searched(tmp_path, monkeypatch):
    make_format(tmp_path / "mine", "default", 'description = "冒名的 default"\n')
    assert load("default", search_path((tmp_path / "mine",))).settings["description"] == "冒名的 default"
    monkeypatch.chdir(tmp_path / "mine")              # a templates/ or default/ here means nothing
    make_format(tmp_path / "mine" / "templates", "default", 'description = "当前目录"\n')
    assert load("default", search_path()).folder == shipped_root() / "default"


def test_environment_variable_adds_folders(tmp_path, monkeypatch):
    make_format(tmp_path / "a", "某市2025", 'extends = "株洲2023"\n')
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "a") + os.pathsep + str(tmp_path / "missing"))
    fm = load("某市2025", search_path())
    assert [n for n, _ in fm.chain] == ["某市2025", "株洲2023", "default"]


def test_a_name_is_found_leniently_only_when_one_folder_matches(tmp_path):
    make_format(tmp_path, "某市2025")
    assert find("某市 ２０２５", (tmp_path,)) == tmp_path / "某市2025"
    make_format(tmp_path, "某市 2025")
    assert find("某市２０２５", (tmp_path,)) is None          # two folders match: neither is guessed
    assert find("某市2025", (tmp_path,)) == tmp_path / "某市2025"   # the exact name still wins
