"""Tests of chiiki_lab.codes: names and codes → municipality, code history, to_codes."""

from __future__ import annotations

import dataclasses
import math
import time
import warnings

import pandas as pd
import pytest

import chiiki_lab
from chiiki_lab import codes
from chiiki_lab.errors import (
    AmbiguousMunicipalityError,
    ChiikiLabError,
    ChiikiLabTypeError,
    ChiikiLabValueError,
    InvalidCodeError,
    MunicipalityNotFoundError,
)

resolve = chiiki_lab.resolve


@pytest.fixture(scope="module")
def master() -> pd.DataFrame:
    """The bundled master list."""
    return chiiki_lab.load("municipalities")


# --------------------------------------------------------------------------- check digits


def test_code6_known_values():
    assert chiiki_lab.code6("10425") == "104256"
    assert chiiki_lab.code6(13101) == "131016"
    assert chiiki_lab.code6("01100") == "011002"


def test_code6_matches_every_master_row(master):
    assert len(master) == 1922
    got = [chiiki_lab.code6(c) for c in master["code"]]
    assert got == master["code6"].tolist()


@pytest.mark.parametrize(
    "value, expected",
    [
        ("10425", "10425"),
        (10425, "10425"),
        ("１０４２５", "10425"),
        (" 10425 ", "10425"),
        ("104256", "10425"),
        (104256, "10425"),
        ("1100", "01100"),
        (1100, "01100"),
        ("011002", "01100"),
        (10425.0, "10425"),
    ],
)
def test_normalize_code(value, expected):
    assert codes.normalize_code(value) == expected


def test_normalize_code_wrong_check_digit_gives_the_right_code():
    with pytest.raises(InvalidCodeError) as e:
        codes.normalize_code("104255")
    assert "検査数字" in str(e.value) and "104256" in str(e.value)
    assert e.value.details["correct"] == "104256"


@pytest.mark.parametrize("value", ["12", "1234567", "10a25", "十"])
def test_normalize_code_rejects_malformed(value):
    with pytest.raises(InvalidCodeError, match="5 桁"):
        codes.normalize_code(value)


# --------------------------------------------------------------------------- forms people type


@pytest.mark.parametrize(
    "query",
    [
        "嬬恋村", "群馬県嬬恋村", "群馬県 嬬恋村", "群馬県　嬬恋村", " 嬬恋村 ", "嬬 恋 村", "吾妻郡嬬恋村",
        "群馬県吾妻郡嬬恋村", "群馬県 吾妻郡 嬬恋村", "10425", "104256", 10425, 104256, "１０４２５",
        "１０４２５６", "つまごいむら", "ツマゴイムラ", "ﾂﾏｺﾞｲﾑﾗ", "つまごい", "Tsumagoi", "tsumagoi-mura",
        "TSUMAGOI MURA", "Tsumagoi Mura", "Ｔｓｕｍａｇｏｉ", "Gunma Tsumagoi", "嬬戀村",
    ],
)
def test_tsumagoi_in_every_form(query):
    m = resolve(query)
    assert (m.code, m.code6, m.name, m.pref_code, m.pref_name) == ("10425", "104256", "嬬恋村", "10", "群馬県")
    assert (m.kind, m.kind_ja, m.name_kana, m.parent_code, m.history) == ("village", "村", "つまごいむら", None, None)


@pytest.mark.parametrize(
    "query, code",
    [
        ("札幌市", "01100"),
        ("1100", "01100"),
        (1100, "01100"),
        ("札幌市中央区", "01101"),
        ("札幌市 中央区", "01101"),
        ("北海道札幌市中央区", "01101"),
        ("Sapporo-shi Chuo-ku", "01101"),
        ("東京都中央区", "13102"),
        ("中央区", None),  # ambiguous, see below
        ("龍ケ崎市", "08208"),
        ("龍ヶ崎市", "08208"),
        ("竜ヶ崎市", "08208"),
        ("竜ケ崎市", "08208"),
        ("鎌ヶ谷市", "12224"),
        ("鎌ケ谷市", "12224"),
        ("鹿嶋市", "08222"),
        ("鹿島市", "41207"),
        ("さっぽろ", "01100"),
        ("府中市", None),
    ],
)
def test_names_and_codes(query, code):
    if code is None:
        with pytest.raises(AmbiguousMunicipalityError):
            resolve(query)
    else:
        assert resolve(query).code == code


def test_ward_fields():
    m = resolve("札幌市中央区")
    assert (m.kind, m.parent_code, m.parent_name, m.name_romaji) == ("ward", "01100", "札幌市", "Sapporo Shi Chuo Ku")
    assert resolve("札幌市").kind == "designated_city"
    tokyo = resolve("東京都中央区")
    assert (tokyo.kind, tokyo.parent_code, tokyo.parent_name) == ("special_ward", None, None)


@pytest.mark.parametrize("pref", ["東京都", "東京", 13, "13", "１３", " 東京都 "])
def test_pref_argument_forms(pref):
    assert resolve("府中市", pref=pref).code == "13206"


def test_pref_argument_picks_the_other_one():
    assert resolve("府中市", pref="広島県").code == "34208"
    assert resolve("伊達市", pref="福島").code == "07213"
    assert resolve("中央区", pref="北海道").code == "01101"
    assert resolve("広島県府中市").code == "34208"


def test_repr_str_and_frozen():
    m = resolve("嬬恋村")
    assert repr(m) == "Municipality(10425 群馬県嬬恋村 village)"
    assert str(m) == "群馬県嬬恋村（10425）"
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.code = "00000"


def test_every_master_row_resolves_by_code_and_full_name(master):
    for row in master.itertuples():
        for query in (row.code, row.code6, row.pref_name + row.name, f"{row.pref_name} {row.name}"):
            if row.name == "泊村" and not query.isdigit():
                continue  # two 泊村 in 北海道 (one a 北方領土 village): only the code tells them apart
            assert resolve(query).code == row.code, query


# --------------------------------------------------------------------------- errors


def _err(exc, query, **kw):
    with pytest.raises(exc) as info:
        resolve(query, **kw)
    return info.value


def test_ambiguous_fuchu_lists_both_and_says_how_to_choose():
    e = _err(AmbiguousMunicipalityError, "府中市")
    assert sorted(m.code for m in e.candidates) == ["13206", "34208"]
    msg = str(e)
    for part in ("東京都府中市（13206", "広島県府中市（34208", 'pref="東京都"', '"東京都府中市"'):
        assert part in msg
    assert isinstance(e, LookupError)


def test_ambiguous_date_and_ward_names():
    e = _err(AmbiguousMunicipalityError, "伊達市")
    assert {(m.pref_name, m.code) for m in e.candidates} == {("北海道", "01233"), ("福島県", "07213")}
    e = _err(AmbiguousMunicipalityError, "中央区")
    codes_ = {m.code for m in e.candidates}
    assert {"01101", "13102", "27128", "40133"} <= codes_ and len(codes_) == 10
    assert "東京都中央区（13102、特別区）" in str(e)


def test_ambiguous_in_one_prefecture_asks_for_the_code():
    e = _err(AmbiguousMunicipalityError, "泊村")
    assert {m.code for m in e.candidates} == {"01403", "01696"}
    assert "北方領土" in str(e) and "コード" in str(e) and "pref=" not in str(e)


def test_ambiguous_message_in_english(english):
    e = _err(AmbiguousMunicipalityError, "府中市")
    msg = str(e)
    assert msg.startswith('"府中市" matches 2 municipalities')
    assert "東京都府中市 (13206, city)" in msg and 'pref="東京都"' in msg
    assert e.ja.startswith("「府中市」に当てはまる市区町村が 2 件")


@pytest.mark.parametrize(
    "query, suggestion",
    [("嬬恋町", "嬬恋村"), ("嬬恋市", "嬬恋村"), ("高崎", "高崎市"), ("つまごいまち", "嬬恋村"),
     ("前橋村", "前橋市"), ("高崎村", "高崎市"), ("嬬恋", "嬬恋村")],
)
def test_not_found_suggests_near_names(query, suggestion):
    e = _err(MunicipalityNotFoundError, query)
    assert suggestion in e.suggestions
    assert f"「{query}」という市区町村は見つかりませんでした" in str(e) and suggestion in str(e)


def test_not_found_in_english(english):
    e = _err(MunicipalityNotFoundError, "嬬恋町")
    assert str(e).startswith('No municipality "嬬恋町" was found') and "Did you mean: 嬬恋村?" in str(e)


def test_not_found_with_pref_names_the_real_prefectures():
    e = _err(MunicipalityNotFoundError, "府中市", pref="群馬県")
    assert "群馬県に「府中市」という市区町村は見つかりませんでした" in str(e)
    assert e.suggestions[:2] == ["東京都府中市", "広島県府中市"]
    e = _err(MunicipalityNotFoundError, "10425", pref="東京都")
    assert "10425 は群馬県嬬恋村" in str(e) and e.suggestions == ["嬬恋村"]


@pytest.mark.parametrize("query, pref_name, code", [("群馬県", "群馬県", "10"), ("群馬", "群馬県", "10"),
                                                    ("北海道", "北海道", "01"), ("東京都", "東京都", "13")])
def test_prefecture_alone_is_explained(query, pref_name, code):
    e = _err(MunicipalityNotFoundError, query)
    assert f"都道府県（{pref_name}）で、市区町村ではありません" in str(e)
    assert f"pref_code == '{code}'" in str(e)


def test_prefecture_short_name_suggests_the_city():
    e = _err(MunicipalityNotFoundError, "京都")
    assert "京都府" in str(e) and e.suggestions == ["京都市"]


@pytest.mark.parametrize("query", [None, ["嬬恋村"], ("10425",), {"code": "10425"}, True, False, 3.5])
def test_wrong_types(query):
    e = _err(ChiikiLabTypeError, query)
    assert isinstance(e, TypeError)
    assert "名前（文字列）かコード" in str(e) or "整数ではありません" in str(e)


def test_nan_is_a_type_error_that_mentions_blanks():
    e = _err(ChiikiLabTypeError, math.nan)
    assert "空欄（NaN）" in str(e)


def test_wrong_type_in_english(english):
    e = _err(ChiikiLabTypeError, None)
    assert str(e).startswith("Give a municipality as a name (string) or a code (got None")


@pytest.mark.parametrize("query", ["", "   ", "　"])
def test_empty_string(query):
    e = _err(ChiikiLabValueError, query)
    assert "空です" in str(e)


def test_wrong_check_digit_gives_the_right_code():
    e = _err(InvalidCodeError, "104255")
    assert "104255 の検査数字（6 桁目）が正しくありません" in str(e) and "104256" in str(e)


def test_wrong_check_digit_in_english(english):
    e = _err(InvalidCodeError, "131015")
    assert "check digit" in str(e) and "131016" in str(e)


@pytest.mark.parametrize("query", ["99999", "10420", "47999", 99999])
def test_code_that_never_existed(query):
    e = _err(MunicipalityNotFoundError, query)
    assert "の市区町村はありません（1970 年以降の廃置分合の記録にもありません）" in str(e)


@pytest.mark.parametrize("query, what", [("10000", "群馬県"), ("00000", "全国")])
def test_prefecture_and_national_codes(query, what):
    e = _err(MunicipalityNotFoundError, query)
    assert f"{what}を表す集計用のコード" in str(e)


def test_district_code_is_explained():
    e = _err(MunicipalityNotFoundError, "13340")
    assert "郡（東京都北多摩郡）のコードで、市区町村のコードではありません" in str(e)


def test_six_digit_code_that_lost_its_zero_is_hinted():
    e = _err(MunicipalityNotFoundError, 11002)  # "011002" read as a number
    assert "011002" in str(e) and e.suggestions == ["札幌市"]


def test_bad_pref_argument():
    e = _err(ChiikiLabValueError, "府中市", pref="グンマ県")
    assert "pref='グンマ県' という都道府県はありません" in str(e)
    e = _err(ChiikiLabTypeError, "府中市", pref=["東京都"])
    assert "pref には都道府県名か都道府県コード" in str(e)
    e = _err(ChiikiLabValueError, "群馬県嬬恋村", pref="東京都")
    assert "群馬県" in str(e) and "東京都" in str(e)


def test_every_error_is_a_chiiki_lab_error_with_both_languages():
    for query in ("府中市", "嬬恋町", None, "", "104255", "99999", "群馬県", "22138"):
        with pytest.raises(ChiikiLabError) as e:
            resolve(query)
        assert e.value.ja and e.value.en and e.value.ja != e.value.en


# --------------------------------------------------------------------------- code history


@pytest.mark.parametrize("query", ["浦和市", "11204", 11204, "埼玉県浦和市", "うらわし", "岩槻市", "11213", "11244"])
def test_saitama_old_names_and_codes(query):
    m = resolve(query)
    assert (m.code, m.name, m.kind) == ("11100", "さいたま市", "designated_city")
    assert m.history and "11100" in m.history
    assert m == resolve("さいたま市")  # history does not take part in equality


def test_urawa_history_note_follows_the_chain():
    note = resolve("浦和市").history
    assert note.startswith("浦和市（11204）は 2001-05-01 の新設合併でさいたま市（11244）に、")
    assert "2003-04-01 の政令市移行でさいたま市（11100）になりました" in note


def test_check_codes_sorts_a_tables_codes_by_what_the_code_list_says():
    """Expected codes read from the code history with pandas: 浦和市 (11204) → さいたま市 (11100) via 11244;
    浜松市中区 (22131) → 中央区 (22138) in 2024, after the bundled data; 13100 (特別区部) names no municipality."""
    history = chiiki_lab.load("code_history")
    steps = set(zip(history["old_code"], history["new_code"]))
    assert {("11204", "11244"), ("11244", "11100"), ("22131", "22138")} <= steps
    check = codes.check_codes(["11204", "22131", "13100", "99999", "10425", "00000", "10000", None, ""])
    assert sorted(check["merged"]) == ["11204", "22131"]
    assert "11100" in check["merged"]["11204"] and "22138" in check["merged"]["22131"]
    assert check["table_local"] == ["13100", "99999"]


def test_history_note_in_english(english):
    note = resolve("11204").history
    assert note.startswith("浦和市 (11204) became さいたま市 (11244) on 2001-05-01")
    assert "さいたま市 (11100) on 2003-04-01" in note


def test_old_hamamatsu_code_and_nakagawa():
    assert resolve("22202").code == "22130"
    m = resolve("40305")
    assert (m.code, m.name) == ("40231", "那珂川市")
    assert "市制施行" in m.history
    # the name 那珂川町 is still a town in 栃木県: the current name wins, pref= reaches the old one
    assert resolve("那珂川町").code == "09411"
    assert resolve("那珂川町", pref="福岡県").code == "40231"


def test_renamed_with_the_same_code():
    m = resolve("篠山市")
    assert (m.code, m.name) == ("28221", "丹波篠山市")
    assert "名称変更" in m.history


@pytest.mark.parametrize("query", ["上九一色村", "19341"])
def test_split_village_is_ambiguous_with_area_notes(query):
    e = _err(AmbiguousMunicipalityError, query)
    assert {m.code for m in e.candidates} == {"19201", "19430"}
    assert all(m.history for m in e.candidates)
    assert "大字梯及び古関" in str(e) and "大字精進、本栖及び富士ヶ嶺" in str(e)


def test_old_name_shared_across_prefectures_is_ambiguous():
    e = _err(AmbiguousMunicipalityError, "鹿島町")
    prefs = {m.pref_name for m in e.candidates}
    assert {"茨城県", "島根県"} <= prefs
    assert "旧名" in str(e)
    assert resolve("鹿島町", pref="茨城県").code == "08222"


def test_current_name_wins_over_an_old_one():
    # several old 大野町 were merged away, but 岐阜県大野町 exists today
    assert resolve("大野町").code == "21403"


def test_hamamatsu_old_wards_are_the_bundled_ones_with_a_note():
    m = resolve("22135")
    assert (m.name, m.kind, m.parent_code) == ("浜松市北区", "ward", "22130")
    assert "2024-01-01" in m.history and "22138" in m.history and "22139" in m.history
    assert resolve("浜松市北区").history == m.history
    assert resolve("浜松市").history is None


@pytest.mark.parametrize("query, olds", [("22138", {"浜松市中区", "浜松市北区"}), ("浜松市浜名区", {"浜松市浜北区"})])
def test_hamamatsu_new_wards_are_newer_than_the_bundled_data(query, olds):
    e = _err(MunicipalityNotFoundError, query)
    assert "2024-01-01" in str(e) and "同梱データ" in str(e)
    assert olds <= set(e.suggestions) and "浜松市" in e.suggestions


def test_history_dataframe():
    h = codes.history("さいたま市")
    assert list(h.columns) == ["date", "kind", "old_code", "old_name", "new_code", "new_name", "area_note", "event_text"]
    assert {"浦和市", "大宮市", "与野市", "岩槻市"} <= set(h["old_name"])
    assert h["date"].is_monotonic_increasing
    h = codes.history("上九一色村")
    assert set(h.loc[h["old_code"] == "19341", "new_code"]) == {"19201", "19430"}


# --------------------------------------------------------------------------- to_codes


def test_to_codes_mixed_column_and_report():
    values = pd.Series(
        ["嬬恋村", "群馬県 嬬恋村", 10425, "１０４２５", "104256", "浦和市", "府中市", "嬬恋町", None, "104255", "札幌市"],
        index=list("abcdefghijk"),
    )
    with pytest.warns(UserWarning, match="11 件のうち 4 件") as rec:
        out = chiiki_lab.to_codes(values)
    assert len(rec) == 1
    assert str(out.dtype) == "string" and list(out.index) == list("abcdefghijk")
    assert out.iloc[:6].tolist() == ["10425"] * 5 + ["11100"]
    assert out["k"] == "01100"
    assert out[["g", "h", "i", "j"]].isna().all()
    report = out.attrs["unmatched"].set_index("input")
    assert list(out.attrs["unmatched"].columns) == ["input", "reason", "suggestions", "count"]
    assert report.loc["府中市", "reason"] == "候補が複数" and "13206" in report.loc["府中市", "suggestions"]
    assert report.loc["嬬恋町", "reason"] == "見つからない" and report.loc["嬬恋町", "suggestions"] == "嬬恋村"
    assert report.loc["104255", "suggestions"] == "104256"


def test_to_codes_english_warning_and_pref_column(english):
    values = ["府中市", "府中市", "伊達市"]
    with pytest.warns(UserWarning, match="1 of 3 values"):
        out = chiiki_lab.to_codes(values, pref=["東京都", "広島県", None])
    assert out.tolist()[:2] == ["13206", "34208"] and out.isna().tolist() == [False, False, True]
    assert out.attrs["unmatched"]["reason"].tolist() == ["ambiguous"]


def test_to_codes_all_matched_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = chiiki_lab.to_codes(pd.Series(["嬬恋村", "高崎市"]))
    assert out.tolist() == ["10425", "10202"] and out.attrs["unmatched"].empty


def test_to_codes_is_fast(master):
    names = master["name"].sample(1000, random_state=0).tolist()
    values = pd.Series(names + master["code"].sample(1000, random_state=1).tolist())
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        chiiki_lab.to_codes(values)
    assert time.perf_counter() - start < 1.0


def test_to_codes_odd_values_and_plain_list():
    values = [["嬬恋村"], pd.NA, "", 1100, 10425.0, "11002"]
    with pytest.warns(UserWarning):
        out = chiiki_lab.to_codes(values)
    assert out.isna().tolist() == [True, True, True, False, False, True]
    assert out[3] == "01100" and out[4] == "10425"
    report = out.attrs["unmatched"]
    assert report["reason"].tolist() == ["型が不正", "空欄", "空欄", "見つからない"]
    assert report["suggestions"].iloc[-1] == "札幌市"
