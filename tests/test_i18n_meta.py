"""Language as a context (per thread), the df.attrs schema, the environment error."""

from __future__ import annotations

import threading

import pandas as pd
import pytest

import chiiki_lab
from chiiki_lab.errors import ChiikiLabEnvironmentError, ChiikiLabError, ChiikiLabValueError
from chiiki_lab.meta import TableMeta


def test_language_block_is_local_to_its_thread():
    seen = {}
    inside = threading.Event()
    release = threading.Event()

    def english():
        with chiiki_lab.language("en"):
            seen["block"] = chiiki_lab.get_language()
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=english)
    worker.start()
    inside.wait(5)
    seen["main"] = chiiki_lab.get_language()  # while the other thread is inside its block
    release.set()
    worker.join(5)
    assert seen == {"block": "en", "main": "ja"}
    assert chiiki_lab.get_language() == "ja"


def test_language_block_restores_and_set_language_stays():
    with chiiki_lab.language("en"):
        assert str(ChiikiLabValueError("日本語", "English")) == "English"
    assert str(ChiikiLabValueError("日本語", "English")) == "日本語"
    chiiki_lab.set_language("en")
    try:
        with chiiki_lab.language(None):  # None keeps the current language
            assert chiiki_lab.get_language() == "en"
    finally:
        chiiki_lab.set_language("ja")
    with pytest.raises(ChiikiLabValueError, match="'fr'"):
        chiiki_lab.language("fr").__enter__()


def test_table_meta_round_trip_and_extra_keys():
    df = pd.DataFrame({"code": ["10425"]})
    TableMeta("mine", "出典：わたし", "Source: me", synthetic=True, seed=3, note="模擬データ",
              extra={"true_effect": 1.5}).attach(df)
    assert df.attrs["chiiki_lab"]["true_effect"] == 1.5 and df.attrs["chiiki_lab"]["note"] == "模擬データ"
    meta = TableMeta.of(df)
    assert (meta.name, meta.seed, meta.extra) == ("mine", 3, {"true_effect": 1.5})
    assert TableMeta.of(pd.DataFrame()) is None
    with chiiki_lab.language("en"):
        assert meta.attribution() == "Source: me"


def test_every_bundled_table_carries_the_same_keys():
    census = chiiki_lab.load("census2020")
    assert set(census.attrs["chiiki_lab"]) == {"name", "attribution_ja", "attribution_en"}
    assert TableMeta.of(census).attribution() == chiiki_lab.attribution("census2020")


def test_missing_tool_is_an_environment_error(monkeypatch):
    from chiiki_lab import browser

    monkeypatch.setattr(browser, "find_chromium", lambda: None)
    with pytest.raises(ChiikiLabEnvironmentError, match="Chromium") as e:
        browser.html_to_pdf("<p>x</p>", "x.pdf")
    assert isinstance(e.value, ChiikiLabError) and isinstance(e.value, OSError)
