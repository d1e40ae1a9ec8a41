"""Tests of chiiki_lab.io: reading e-Stat, 統計局-style and municipal open-data files.

The fixtures in tests/data/estat/ are described in tests/data/estat/README.md (real published
figures, except markers_testonly_utf8.csv, which is labelled テスト用（模擬データ）).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

import chiiki_lab
from chiiki_lab.errors import (
    ChiikiLabError,
    ChiikiLabTypeError,
    ChiikiLabValueError,
    InvalidCodeError,
    SourceFileNotFoundError,
)
from chiiki_lab.io import (
    marker_table,
    read_estat,
    read_estat_sheets,
    summary,
    to_long,
    to_western_year,
)

DATA = Path(__file__).parent / "data" / "estat"
ESTAT = DATA / "estat_census2020_age_cp932.csv"
FURUSATO = DATA / "municipal_furusato_utf8sig.csv"
CODE6 = DATA / "population_code6_utf8.csv"
EXCEL_CSV = DATA / "excel_export_zenkaku_cp932.csv"
MARKERS = DATA / "markers_testonly_utf8.csv"


def _error(func, *args, **kwargs) -> ChiikiLabError:
    with pytest.raises(ChiikiLabError) as info:
        func(*args, **kwargs)
    return info.value


# ---------------------------------------------------------------- e-Stat DB download (CP932)


@pytest.fixture(scope="module")
def estat():
    return read_estat(ESTAT)


def test_estat_encoding_header_and_metadata(estat):
    meta = estat.attrs["chiiki_lab"]
    assert meta["encoding"] == "cp932"
    assert meta["header_line"] == 11
    assert meta["source"] == str(ESTAT)
    assert meta["metadata"][0].startswith("統計名： 令和２年国勢調査 人口等基本集計")
    assert "表番号： 2-7-1" in meta["metadata"]


def test_estat_codes_values_and_years(estat):
    assert estat["code"].tolist() == ["00000", "07545", "07546", "10425", "13101", "10425"]
    assert meta_renamed(estat)["code"] == "全国，都道府県，市区町村（2000年市区町村含む） コード"
    by = estat.set_index(["code", "男女"])
    assert by.loc[("00000", "総数"), "総数"] == 126_146_099
    assert by.loc[("10425", "総数"), "総数"] == 8850
    assert by.loc[("10425", "男"), "総数"] == 4522
    assert by.loc[("13101", "総数"), "0～4歳"] == 3206
    assert by.loc[("07545", "総数"), "総数"] == 847
    assert estat["時間軸（年次）"].tolist() == [2020] * 6          # "2020年" → 2020
    assert estat["時間軸（年次） コード"].iloc[0] == "2020000000"   # code columns stay text
    assert not [c for c in estat.columns if c.startswith(("/", "Unnamed"))]  # e-Stat's empty "/年齢"


def meta_renamed(df):
    return df.attrs["chiiki_lab"]["renamed_columns"]


def test_estat_markers_use_the_files_legend(estat):
    assert pd.isna(estat.loc[estat["code"] == "07546", "総数"]).all()  # 双葉町: every cell "-"
    table = marker_table(estat)
    raw_lines = ESTAT.read_bytes().decode("cp932").splitlines()[11:]  # data lines (12 onwards)
    assert len(table) == sum(line.count('"-"') for line in raw_lines)
    futaba = table[table["code"] == "07546"]
    assert set(futaba["line"]) == {14}
    assert len(futaba) == estat.shape[1] - 10  # all value columns of the row
    assert set(table["reason_ja"]) == {"当該数値がないもの"}
    assert set(table["reason_en"]) == {"no applicable figure (none, or zero)"}
    okuma = table[table["code"] == "07545"]
    assert okuma["column"].tolist() == ["0～4歳", "5～9歳", "100歳以上"]


# ---------------------------------------------------------------- municipal open data (UTF-8-SIG)


def test_municipal_fiscal_years_triangle_minus_and_codes():
    df = read_estat(FURUSATO)
    assert df.attrs["chiiki_lab"]["encoding"] == "utf-8-sig"
    assert df["年度"].tolist() == [2015, 2016, 2017, 2018, 2019, 2020]  # 令和元年度, then "2年度"
    assert df["受入額（円）"].tolist() == [38_523_000, 101_356_600, 139_733_829, 78_595_000,
                                         236_438_403, 106_725_804]
    diff = df["前年度比増減（円）"]
    assert diff.iloc[3] == -61_138_829 and diff.iloc[5] == -129_712_599  # "△61,138,829"
    assert diff.iloc[1:].tolist() == df["受入額（円）"].diff().iloc[1:].astype(int).tolist()
    assert df["受入件数"].tolist() == [986, 2745, 2669, 993, 1840, 1491]
    assert df["code"].unique().tolist() == ["10425"] and df["code6"].unique().tolist() == ["104256"]
    first = marker_table(df)
    assert first[["row", "line", "column", "marker", "reason_ja"]].values.tolist() == [
        [0, 2, "前年度比増減（円）", "－", "該当数値なし"]]


# ---------------------------------------------------------------- 6-digit codes, check digits


def test_six_digit_codes_are_checked_and_reduced():
    df = read_estat(CODE6)
    assert df.attrs["chiiki_lab"]["encoding"] == "utf-8"
    assert df.columns[:2].tolist() == ["code", "code6"]
    assert df["code"].tolist() == ["01100", "07546", "10425", "13101", "47382"]
    assert df["code6"].tolist() == ["011002", "075469", "104256", "131016", "473821"]
    assert df["人口"].tolist() == [1_973_395, 0, 8850, 66_680, 1676]
    assert str(df["人口"].dtype) == "int64"


def test_wrong_check_digit_names_the_line(english):
    err = _error(read_estat, DATA / "bad_check_digit_utf8.csv")
    assert isinstance(err, InvalidCodeError) and isinstance(err, ValueError)
    assert err.ja.startswith("5 行目: 団体コード 131017 の検査数字（6桁目）が合いません。")
    assert "131016" in err.ja
    assert str(err).startswith("Line 5: the check digit (6th digit) of municipality code 131017 is wrong")


def test_codes_that_lost_leading_zeros_and_combined_cells():
    df = read_estat("団体コード,人口\n1100,1973395\n10425,8850\n".encode())
    assert df["code"].tolist() == ["01100", "10425"]
    six = read_estat("団体コード,人口\n11002,1973395\n104256,8850\n".encode())  # 011002 lost its 0
    assert six["code"].tolist() == ["01100", "10425"] and six["code6"].tolist() == ["011002", "104256"]
    combined = read_estat("地域,人口\n10425_嬬恋村,\"8,850\"\n13101 千代田区,\"66,680\"\n".encode())
    assert combined.columns.tolist() == ["code", "name", "人口"]
    assert combined["code"].tolist() == ["10425", "13101"]
    assert combined["name"].tolist() == ["嬬恋村", "千代田区"]


def test_bad_code_value_names_the_line_and_code_column_false_keeps_it():
    text = "市区町村コード,人口\n10425,8850\n千代田区,66680\n0120B,241024\n".encode()
    err = _error(read_estat, text)
    assert isinstance(err, InvalidCodeError)
    assert err.ja.startswith("3 行目: 列「市区町村コード」の '千代田区' は団体コード（5桁か6桁の数字）として読めません。")
    kept = read_estat(text, code_column=False)
    assert kept["市区町村コード"].tolist() == ["10425", "千代田区", "0120B"]
    estat_style = read_estat("市区町村コード,人口\n10425,8850\n0120B,241024\n".encode())
    assert estat_style["code"].tolist() == ["10425", "0120B"]  # e-Stat's code for 旧函館市 is kept


# ---------------------------------------------------------------- Excel-like export, full-width digits


def test_excel_export_two_header_rows_fullwidth_digits_and_footnote():
    df = read_estat(EXCEL_CSV)
    meta = df.attrs["chiiki_lab"]
    assert meta["encoding"] == "cp932" and meta["header_line"] == 4
    assert df.columns.tolist() == ["code", "市区町村", "人口_総数", "人口_男", "人口_女", "世帯数"]
    assert df["code"].tolist() == ["01100", "01202", "10425", "13101"]  # "1100" had lost its 0
    assert df["人口_総数"].tolist() == [1_973_395, 251_084, 8850, 66_680]  # "１，９７３，３９５"
    assert df["世帯数"].tolist() == [969_161, 121_793, 3532, 37_011]
    assert (df["人口_男"] + df["人口_女"]).tolist() == df["人口_総数"].tolist()
    assert meta["notes"] == ["注）総務省統計局「令和２年国勢調査」による。"]
    assert meta["metadata"] == ["第１表\u3000男女別人口及び世帯数（令和２年国勢調査、市区町村を抜粋）"]


def test_header_row_override_matches_detection():
    auto = read_estat(EXCEL_CSV)
    given = read_estat(EXCEL_CSV, header_row=(3, 4))
    pd.testing.assert_frame_equal(auto, given)
    single = read_estat(MARKERS, header_row=6)
    assert single.columns.tolist() == ["地区", "事業所数", "従業者数", "売上高（百万円）"]
    err = _error(read_estat, MARKERS, header_row=99)
    assert "99 行目はファイルにありません" in err.ja


# ---------------------------------------------------------------- markers and signs


def test_every_marker_kept_with_its_reason():
    df = read_estat(MARKERS)
    table = marker_table(df)
    got = {(r.row, r.column): (r.marker, r.reason_ja) for r in table.itertuples()}
    assert got == {
        (0, "従業者数"): ("x", "秘匿（調査対象の秘密保護のため）"),      # reason from the file's legend
        (0, "売上高（百万円）"): ("…", "不詳"),
        (1, "事業所数"): ("Ｘ", "秘匿（調査対象の秘密保護のため）"),
        (1, "従業者数"): ("...", "不詳"),
        (1, "売上高（百万円）"): ("・・・", "不詳"),
        (2, "事業所数"): ("-", "該当数値なし"),
        (2, "従業者数"): ("－", "該当数値なし"),
        (2, "売上高（百万円）"): ("***", "該当数値なし"),
        (3, "事業所数"): ("*", "テスト用の注記記号"),
        (3, "従業者数"): ("X", "秘匿（調査対象の秘密保護のため）"),
    }
    assert table["line"].tolist() == [7, 7, 8, 8, 8, 9, 9, 9, 10, 10]
    assert df["事業所数"].tolist()[4] == 10 and df["従業者数"].tolist()[4] == 1200  # "１，２００"
    assert df["売上高（百万円）"].tolist()[3:] == [-5.0, -1234.5]  # "△５", "▲1,234.5"
    assert df["事業所数"].isna().tolist() == [False, True, True, True, False]


def test_default_reasons_without_a_legend(english):
    df = read_estat("地区,a,b,c,d\nA,x,…,-,***\nB,1,2,3,4\n".encode())
    table = marker_table(df)
    assert table["reason_ja"].tolist() == ["秘匿", "不詳", "該当数値なし", "該当数値なし"]
    assert table["reason"].tolist() == table["reason_en"].tolist()
    assert table["reason"].iloc[0] == "suppressed (confidential)"


def test_markers_follow_filtering_and_survive_merge():
    df = read_estat(MARKERS)
    kept = df[df["地区"] != "B地区"]
    assert 1 not in set(marker_table(kept)["row"])
    assert len(marker_table(kept[["地区", "事業所数"]])) == 2  # rows C and D
    other = pd.DataFrame({"地区": ["A地区"], "面積": [1.0]})
    merged = df.merge(other, on="地区")  # pandas compares attrs here: must not raise
    assert merged.shape == (1, 5)


# ---------------------------------------------------------------- encodings and broken files


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_encoding_detected(encoding):
    text = "市区町村コード,市区町村名,人口\n10425,嬬恋村,8850\n13101,千代田区,\"66,680\"\n"
    df = read_estat(text.encode(encoding))
    assert df.attrs["chiiki_lab"]["encoding"] == encoding
    assert df["市区町村名"].tolist() == ["嬬恋村", "千代田区"]
    assert df["人口"].tolist() == [8850, 66680]


def test_cp932_only_characters_prefer_cp932():
    text = "地区,件数\n髙田①,3\n"  # 髙 and ① exist in CP932, not in plain Shift_JIS
    df = read_estat(text.encode("cp932"))
    assert df["地区"].tolist() == ["髙田①"]


def test_undecodable_bytes_name_the_line():
    err = _error(read_estat, "地区,件数\nA,1\n".encode() + b"B\x81 ,2\n")
    assert err.ja.startswith("3 行目: 文字コードを読み取れません")


def test_ragged_line_names_the_line(english):
    err = _error(read_estat, DATA / "ragged_line_utf8.csv")
    assert isinstance(err, ChiikiLabValueError) and err.details["line"] == 3
    assert err.ja.startswith("3 行目: 列の数が 3 つのはずが 4 つあります")
    assert str(err).startswith("Line 3: expected 3 columns but found 4")


def test_short_line_and_unclosed_quote():
    err = _error(read_estat, "地区,a,b\nA,1,2\nB,3\n".encode())
    assert err.ja.startswith("3 行目: 列の数が 3 つのはずが 2 つあります")
    err = _error(read_estat, '地区,a\nA,1\nB,"2\nC,3\n'.encode())
    assert err.ja.startswith("3 行目: CSV として読めません")


def test_missing_file_and_no_table():
    err = _error(read_estat, DATA / "FEH_00200521_nothing.csv")
    assert isinstance(err, SourceFileNotFoundError) and isinstance(err, FileNotFoundError)
    assert "FEH_00200521_nothing.csv" in err.ja
    assert "空のファイル" in _error(read_estat, b"").ja
    assert _error(read_estat, "メモ\n説明だけのファイル\n".encode()).ja.startswith("数値の表が見つかりません")
    assert "その下にデータの行がありません" in _error(read_estat, "地区,人口\n".encode()).ja


def test_tab_separated_and_file_objects():
    df = read_estat(io.BytesIO("地区\t人口\nA\t1,200\n".encode("utf-16")))
    assert df.attrs["chiiki_lab"]["encoding"] == "utf-16"
    assert df["人口"].tolist() == [1200]


# ---------------------------------------------------------------- 和暦


@pytest.mark.parametrize("text, year", [
    ("令和2年", 2020), ("令和元年", 2019), ("令和２年", 2020), ("平成27年", 2015), ("平成元年", 1989),
    ("昭和55年", 1980), ("昭和64年", 1989), ("大正15年", 1926), ("明治45年", 1912),
    ("R2", 2020), ("H27", 2015), ("S55", 1980), ("Ｒ２", 2020), ("r02", 2020), ("H.27", 2015),
    ("平成27年度", 2015), ("令和 2 年度", 2020), ("2020年", 2020), ("2020年度", 2020), ("2020", 2020),
    ("2020年（令和2年）", 2020), ("平成27年(2015年)", 2015), (1980, 1980),
])
def test_to_western_year(text, year):
    assert to_western_year(text) == year


def test_to_western_year_with_era_for_bare_years():
    assert to_western_year("元年", era="令和") == 2019
    assert to_western_year("2年度", era="令和") == 2020
    assert to_western_year("30年", era="H") == 2018


@pytest.mark.parametrize("text, message", [
    ("平成32年", "'平成32年' を年として読めません: 平成は31年（2019年）までです。"),
    ("昭和0年", "'昭和0年' を年として読めません: 昭和は64年（1989年）までです。"),
    ("元年", "'元年' を年として読めません: 元号（令和・平成など）が書かれていません。"),
    ("2020年（令和3年）", "括弧の外（2020年）と中（2021年）が合いません"),
    ("ことし", "'ことし' を年として読めません: 年の書き方ではありません。"),
    ("9999年", "9999年は範囲外です"),
])
def test_to_western_year_rejects_nonsense(text, message):
    err = _error(to_western_year, text)
    assert isinstance(err, ValueError)
    assert message in err.ja


def test_to_western_year_bad_types_and_era():
    assert isinstance(_error(to_western_year, None), ChiikiLabTypeError)
    assert "era='西暦' は元号ではありません" in _error(to_western_year, "2年", era="西暦").ja


def test_era_years_in_header_cells():
    df = read_estat("地域,平成27年,令和2年\n嬬恋村,9780,8850\n".encode())
    assert df.columns.tolist() == ["地域", "2015", "2020"]
    assert meta_renamed(df) == {"2015": "平成27年", "2020": "令和2年"}
    fiscal = read_estat("団体名,平成30年度,令和元年度,2年度,2015年（平成27年）の人口\nA,1,2,3,4\n".encode())
    assert fiscal.columns.tolist() == ["団体名", "2018", "2019", "2020", "2015年の人口"]


# ---------------------------------------------------------------- Excel (.xlsx)


def test_xlsx_sheet(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["テスト用（模擬データ）"])
    sheet.append([])
    sheet.append(["団体コード", "年度", "件数", "増減"])
    sheet.append([1100, "令和元年度", 1200, "x"])
    sheet.append([10425, "2年度", 1491, "△349"])
    path = tmp_path / "table.xlsx"
    book.save(path)
    df = read_estat(path)
    assert df.attrs["chiiki_lab"]["header_line"] == 3 and df.attrs["chiiki_lab"]["encoding"] is None
    assert df["code"].tolist() == ["01100", "10425"]
    assert df["年度"].tolist() == [2019, 2020]
    assert df["増減"].tolist()[1] == -349
    assert marker_table(df)[["line", "marker", "reason_ja"]].values.tolist() == [[4, "x", "秘匿"]]


# ---------------------------------------------------------------- agrees with the bundled census


def test_fixtures_agree_with_bundled_census2020(estat):
    if not (chiiki_lab.datasets.data_dir() / "catalog.json").is_file():
        pytest.skip("bundled datasets not built")
    census = chiiki_lab.load("census2020").set_index("code")
    excel = read_estat(EXCEL_CSV).set_index("code")
    assert excel["人口_総数"].to_dict() == census.loc[excel.index, "population"].to_dict()
    assert excel["世帯数"].to_dict() == census.loc[excel.index, "households_total"].to_dict()
    ages = chiiki_lab.load("census2020_age")
    total = ages[ages["sex"] == "total"].set_index("code")
    both = estat[(estat["男女"] == "総数") & estat["code"].isin(["10425", "13101"])].set_index("code")
    assert both["0～4歳"].to_dict() == total.loc[both.index, "age_00_04"].to_dict()
    assert both["総数"].to_dict() == total.loc[both.index, "population"].to_dict()


def test_year_values_need_a_year_header_for_letter_forms():
    df = read_estat("区分,年次,件数\nS1,R2,3\nM2,H27,4\n".encode())
    assert df["区分"].tolist() == ["S1", "M2"]  # sizes, not 昭和1年 / 明治2年
    assert df["年次"].tolist() == [2020, 2015]


# ---------------------------------------------------------------- file kinds, bad files, new layouts

REAL = Path(__file__).parent / "data" / "real"


def _ods(rows) -> bytes:
    """A minimal OpenDocument spreadsheet (テスト用), written by hand with zipfile."""
    import zipfile

    def cell(v):
        if isinstance(v, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>" for r in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="人口">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)
    return buf.getvalue()


def test_ods_and_utf16_and_zip_are_read():
    ods = read_estat(_ods([["表　人口（テスト用）"], ["市区町村コード", "市区町村", "人口"], ["10425", "嬬恋村", 8850]]))
    assert ods.attrs["chiiki_lab"]["kind"] == "ods"
    assert ods[["code", "人口"]].values.tolist() == [["10425", 8850]]
    text = "市区町村コード\t市区町村\t人口\n10425\t嬬恋村\t8850\n"
    for data in (text.encode("utf-16"), text.encode("utf-16-le")):  # with and without BOM
        df = read_estat(data)
        assert df["人口"].tolist() == [8850] and df.attrs["chiiki_lab"]["encoding"].startswith("utf-16")
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("tblT000846S19.txt", (REAL / "estat_mesh_2015_tblT000846S19.txt").read_bytes())
    mesh = read_estat(buf.getvalue())
    assert mesh.attrs["chiiki_lab"]["member"] == "tblT000846S19.txt"
    assert mesh.loc[mesh["KEY_CODE"] == "52386339", "人口総数"].tolist() == [31]


@pytest.mark.parametrize("data, words", [
    (b"", "空のファイル"),
    (b"<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></body></html>", "Web ページ（HTML）"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG 画像"),
    (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
    (b"\x00\x01\x02\x03\xff\xfe\x00\x00binary", "バイナリ"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le"), "パスワード"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Excel ファイルとして読めません"),
])
def test_bad_files_get_a_japanese_error_saying_what_they_are(data, words):
    err = _error(read_estat, data)
    assert isinstance(err, ChiikiLabValueError) and words in err.ja


def test_truncated_xlsx_and_zip_without_a_table():
    data = (REAL / "soumu_zaisei_r3.xlsx").read_bytes()
    assert "途中で切れている" in _error(read_estat, data[: len(data) // 2]).ja
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.png", b"x")
        z.writestr("b.pdf", b"y")
    assert "ZIP 圧縮ファイル" in _error(read_estat, buf.getvalue()).ja


@pytest.mark.slow
def test_sheets_tables_and_one_argument_fixes():
    sheets = read_estat_sheets(REAL / "kobe_26jinugoki.xls")
    assert sheets["sheet"].iloc[0] == "目次" and pd.isna(sheets["table"].iloc[0])  # no numbers there
    assert sheets[sheets["sheet"] == "Ⅱ"]["table"].tolist() == [0, 1]
    df = read_estat(REAL / "kobe_26jinugoki.xls")  # the first sheet with a table, not 目次
    assert df.attrs["chiiki_lab"]["sheet"] == "Ⅰ"
    two = read_estat_sheets(REAL / "kobe_H7-27.csv")
    assert two["rows"].tolist() == [17, 11]
    second = read_estat(REAL / "kobe_H7-27.csv", table=1)
    assert second.iloc[:, 0].tolist()[0] == "三宮・花時計前"
    assert _error(read_estat, REAL / "kobe_H7-27.csv", table=2).ja.startswith("table=2")
    assert "シート 'x' はありません" in _error(read_estat, REAL / "kobe_26jinugoki.xls", sheet="x").ja


def test_era_carried_down_and_past_the_eras_end():
    df = read_estat("年次,人口\n平成 30,100\n31,101\n32,102\n52,103\n".encode())
    assert df["年次"].tolist() == [2018, 2019, 2020, 2040]  # 平成32 = 2020, 平成52 = 2040 (old projections)
    era_then_new = read_estat("年,件数\n昭和63年,1\n64,2\n平成元年,3\n2,4\n".encode())
    assert era_then_new["年"].tolist() == [1988, 1989, 1989, 1990]


def test_layout_spaces_units_sections_and_summary():
    text = ("第１表　人口（テスト用）,,（単位：人）\n地　域,人口,世帯数\n(1)2020年,,\n東　灘　区,100,50\n"
            "石川県 金沢市,200,80\n(2)2015年,,\n東　灘　区,90,45\n").encode()
    df = read_estat(text)
    assert df["地域"].tolist() == ["東灘区", "石川県 金沢市", "東灘区"]  # a real word break is kept
    assert df["区分"].tolist() == ["(1)2020年", "(1)2020年", "(2)2015年"]
    assert df.attrs["chiiki_lab"]["unit"] == "人"
    text_summary = str(summary(df))
    assert "地域コードの列が見つかりません" in text_summary and "header_row=" in text_summary


def test_markers_zero_and_long_form_and_multiindex():
    text = ('"-","当該数値がないもの"\n地域 コード,地域,人口_男,人口_女\n10425,嬬恋村,4522,4328\n07546,双葉町,-,-\n').encode()
    df = read_estat(text, markers="zero")
    assert df["人口_男"].tolist() == [4522, 0]
    assert len(marker_table(df)) == 2  # still listed with their reason
    long = read_estat(text, long=True)
    assert long.columns.tolist() == ["code", "地域", "項目1", "value", "unit"]
    assert long[["code", "項目1", "value"]].iloc[:2].values.tolist() == [["10425", "人口_男", 4522], ["10425", "人口_女", 4328]]
    header = ('地域 コード,地域,人口,人口\n,,男,女\n10425,嬬恋村,4522,4328\n').encode()
    multi = read_estat(header, multiindex=True)
    assert multi.columns.tolist()[2:] == [("人口", "男"), ("人口", "女")]
    tidy = to_long(read_estat(header))
    assert tidy[["項目1", "項目2", "value"]].values.tolist() == [["人口", "男", 4522], ["人口", "女", 4328]]
    assert _error(read_estat, header, markers="nan").ja.startswith("markers='nan'")


def test_prefecture_codes_and_table_local_codes_are_left_alone():
    # 人口動態統計 style: 01–47 prefectures, then 50–70 for 特別区部 and 指定都市 (テスト用の数字)
    text = "都道府県コード,都道府県,出生数\n1,北海道,100\n13,東京都,200\n50,東京都区部,150\n51,札幌市,60\n".encode()
    df = read_estat(text)
    assert "code" not in df.columns
    assert df["都道府県コード"].tolist() == ["01", "13", "50", "51"]
    assert df.attrs["chiiki_lab"]["code_check"]["table_local"] == ["50", "51"]
    assert "表独自のコード 2 個" in str(summary(df)) and "見つかりません" not in str(summary(df))


def test_a_label_split_over_two_cells_is_joined():
    text = "区分,,人口\n東灘区,,213999\n灘区,,135990\n合,計,349989\n".encode()
    df = read_estat(text)
    assert df["区分"].tolist() == ["東灘区", "灘区", "合計"]
    assert df.columns.tolist() == ["区分", "人口"]
    assert df["人口"].iloc[-1] == 349989
