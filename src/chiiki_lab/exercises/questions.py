"""The question bank: what each exercise question expects, and the mistakes it recognises.

Expected values are **computed from the bundled data when a check runs**, never stored as
numbers, so they follow the data. This file is public (it ships with the package): a learner who
reads it can work out the answers of the public checks, as with any public test. What stays with
the instructor are the solutions and the hidden tests in the source notebooks
(``exercises/_instructor/source``), which never ship to learners.

Each question has a ``kind``:

- ``number``: a float compared with an absolute tolerance ``tol``; with ``share_or_percent`` a
  share (0–1) and a percentage are both accepted (the expected value is given in %).
- ``count``: a whole number, exact.
- ``places``: municipalities or prefectures (names, 5/6-digit codes, list/Series/set; order free).
- ``age_group``: a 5-year age group such as ``"65-69"``.
- ``choice``: one letter of a multiple-choice question.
- ``manual``: an open task, read by the instructor (no automatic check).

>>> from chiiki_lab.exercises.questions import QUESTIONS
>>> QUESTIONS["2-1"].kind
'count'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

WEST_JAPAN = (  # the 30 府県 served by NTT西日本
    "富山県", "石川県", "福井県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
    "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県",
    "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)
CHUBU_WEST = ("富山県", "石川県", "福井県", "岐阜県", "静岡県", "愛知県", "三重県")
TSUMAGOI = "10425"  # 群馬県嬬恋村
AGES_OLD = ("age_65_69", "age_70_74", "age_75_79", "age_80_84", "age_85_89", "age_90_94", "age_95_99", "age_100p")
WOMEN_20_39 = ("age_20_24", "age_25_29", "age_30_34", "age_35_39")
TOURISM_A = (27_500, 55_000)
TOURISM_B = (3_000_000, 810_000)


@dataclass(frozen=True)
class Mistake:
    """A wrong answer the check recognises, with what it says about it."""

    value: Any
    ja: str
    en: str


@dataclass(frozen=True)
class Question:
    """One exercise question: kind, how to compute the expected answer, staged hints, known mistakes."""

    id: str
    kind: str
    title_ja: str
    title_en: str
    expected: Callable[[], Any] | None = None
    hints: tuple[tuple[str, str], ...] = ()
    mistakes: Callable[[], list[Mistake]] = field(default=list)
    tol: float = 0.0
    share_or_percent: bool = False
    choices: str = ""

    @property
    def chapter(self) -> int:
        return int(self.id.split("-")[0])


# --------------------------------------------------------------------------- data (loaded once)


@cache
def _load(name: str):
    from ..datasets import load

    return load(name)


def _census():
    return _load("census2020")


def _age_row(code: str, sex: str = "total"):
    df = _load("census2020_age")
    return df[(df["code"] == code) & (df["sex"] == sex)].iloc[0]


def _proj_row(code: str, year: int, sex: str = "total"):
    df = _load("ipss2018_projection")
    return df[(df["code"] == code) & (df["year"] == year) & (df["sex"] == sex)].iloc[0]


def _ages(row) -> list[str]:
    return [c for c in row.index if c.startswith("age_") and c != "age_unknown"]


def _basic(df):
    return df[df["is_basic_municipality"]]


# --------------------------------------------------------------------------- chapter 1: 人口減少と高齢化


def _rate_tsumagoi() -> float:
    row = _census().set_index("code").loc[TSUMAGOI]
    return float(row["pop_age65p"] / row["population"] * 100)


def _rate_tsumagoi_mistakes() -> list[Mistake]:
    c = _census().set_index("code").loc[TSUMAGOI]
    p15 = _proj_row(TSUMAGOI, 2015)
    rate15 = float(sum(p15[a] for a in ("age_65_69", "age_70_74", "age_75_79", "age_80_84", "age_85_89", "age_90p"))
                   / p15["population"] * 100)
    pref = _census().set_index("code").loc["10000"]
    return [
        Mistake(rate15, "2015年の値になっています。2020年（令和2年国勢調査）の値を使ってください。",
                "That is the 2015 value. Use 2020 (the 2020 census)."),
        Mistake(100 - float(c["pop_age65p"] / c["population"] * 100),
                "65歳未満の割合になっています。65歳以上の人口を総人口で割ります。",
                "That is the share under 65. Divide the population aged 65+ by the total."),
        Mistake(float(pref["pop_age65p"] / pref["population"] * 100),
                "群馬県全体の高齢化率です。嬬恋村（コード 10425）の行を選んでください。",
                "That is Gunma prefecture as a whole. Pick the row of Tsumagoi (code 10425)."),
    ]


def _gunma_ranked(df):
    return df.sort_values("share_age65p_pct", ascending=False)["code"].tolist()


def _oldest5() -> list[str]:
    c = _basic(_census())
    return _gunma_ranked(c[c["pref_name"] == "群馬県"])[:5]


def _oldest5_mistakes() -> list[Mistake]:
    c = _census()
    basic = _basic(c)
    gunma = basic[basic["pref_name"] == "群馬県"]
    return [
        Mistake(_gunma_ranked(basic)[:5],
                "全国の上位5つになっています。群馬県（pref_name == '群馬県'）に絞り込んでから並べ替えてください。",
                "These are Japan's top 5. Filter Gunma (pref_name == '群馬県') before sorting."),
        Mistake(gunma.sort_values("share_age65p_pct")["code"].tolist()[:5],
                "高齢化率の低い順になっています。ascending=False で高い順に並べます。",
                "These are the lowest rates. Sort with ascending=False for the highest."),
        Mistake(gunma.sort_values("pop_age65p", ascending=False)["code"].tolist()[:5],
                "65歳以上の人数の多い順になっています。人数ではなく割合（高齢化率）で比べます。",
                "These have the most people aged 65+. Compare the rate, not the count."),
    ]


def _pyramid_total() -> int:
    row = _age_row(TSUMAGOI)
    return int(row[_ages(row)].sum())


def _pyramid_total_mistakes() -> list[Mistake]:
    row = _age_row(TSUMAGOI)
    return [
        Mistake(int(row["population"]),
                f"総人口（年齢不詳 {int(row['age_unknown'])} 人を含む）です。ピラミッドには年齢不詳は描かれません。"
                "5歳階級の列だけを合計してください。",
                f"That is the total population including {int(row['age_unknown'])} people of unknown age; the pyramid "
                "leaves them out. Add up the 5-year age columns only."),
        Mistake(int(row[_ages(row)].sum() + row["age_unknown"] * 2),
                "年齢不詳を二重に数えています。5歳階級の列だけを合計してください。",
                "Unknown ages are counted twice. Add up the 5-year age columns only."),
        Mistake(int(_age_row(TSUMAGOI, "female")[_ages(row)].sum()),
                "女性だけの合計です。男女計（sex == 'total'）の行を使ってください。",
                "That is women only. Use the total row (sex == 'total')."),
    ]


def _largest_group(sex: str = "total") -> str:
    row = _age_row(TSUMAGOI, sex)
    col = row[[c for c in _ages(row)]].astype(float).idxmax()
    return col.removeprefix("age_").replace("_", "-")


def _largest_group_mistakes() -> list[Mistake]:
    row = _age_row(TSUMAGOI)
    second = row[_ages(row)].astype(float).sort_values(ascending=False).index[1]
    found = [
        Mistake(second.removeprefix("age_").replace("_", "-"),
                "2番目に多い階級です。棒の長さ（男女の合計）をもう一度比べてください。",
                "That is the second largest group. Compare the bar lengths (men + women) again."),
    ]
    for sex, ja, en in (("male", "男性", "men"), ("female", "女性", "women")):
        group = _largest_group(sex)
        if group != _largest_group():
            found.append(Mistake(group, f"{ja}だけで最も多い階級です。男女の合計で比べてください。",
                                 f"That is the largest group among {en} only. Compare men + women."))
    return found


# --------------------------------------------------------------------------- chapter 2: 地図で見る地域


def _west_basic():
    c = _census()
    return _basic(c[c["pref_name"].isin(WEST_JAPAN)])


def _n_west() -> int:
    return len(_west_basic())


def _n_west_mistakes() -> list[Mistake]:
    c = _census()
    west = c[c["pref_name"].isin(WEST_JAPAN)]
    basic = _west_basic()
    wards = int((west["level"] == "designated_city_ward").sum())
    cities = int((west["level"] == "designated_city").sum())
    return [
        Mistake(len(basic) + wards,
                "政令市の区も数えています（市と区の二重計上）。is_basic_municipality が True の行だけを数えてください。",
                "Wards of designated cities are counted as well (city and wards twice). Count rows with "
                "is_basic_municipality True only."),
        Mistake(len(basic) - cities + wards,
                "政令市を市ではなく区の数で数えています。政令市は市全体で1つと数えます（is_basic_municipality）。",
                "Designated cities are counted by their wards. Count each designated city once (is_basic_municipality)."),
        Mistake(len(basic) + 30,
                "都道府県の行（level == 'prefecture'）も数えています。市町村だけを数えてください。",
                "The prefecture rows are counted too. Count municipalities only."),
        Mistake(int(_basic(c[c["pref_name"].isin(set(WEST_JAPAN) - set(CHUBU_WEST))]).shape[0]),
                "富山・石川・福井・岐阜・静岡・愛知・三重の7県が抜けています。NTT西日本の30府県すべてを数えます。",
                "The 7 prefectures Toyama to Mie are missing. Count all 30 prefectures of NTT West."),
        Mistake(len(basic) - int((basic["pref_name"] == "沖縄県").sum()),
                "沖縄県が抜けています。30府県を確かめてください（len(西日本のリスト) == 30）。",
                "Okinawa is missing. Check that your list has 30 prefectures."),
    ]


def _oldest_pref_west() -> list[str]:
    c = _census()
    pref = c[(c["level"] == "prefecture") & c["pref_name"].isin(WEST_JAPAN)]
    return [pref.sort_values("share_age65p_pct", ascending=False)["code"].iloc[0]]


def _oldest_pref_west_mistakes() -> list[Mistake]:
    c = _census()
    pref = c[c["level"] == "prefecture"].sort_values("share_age65p_pct", ascending=False)
    west = pref[pref["pref_name"].isin(WEST_JAPAN)]
    return [
        Mistake([pref["code"].iloc[0]],
                "全国で最も高い県です。地図に描いた西日本の30府県の中で答えてください。",
                "That is the highest in all Japan. Answer among the 30 western prefectures on the map."),
        Mistake([west["code"].iloc[-1]],
                "最も低い県です。色の濃い（値の大きい）県を探してください。",
                "That is the lowest. Look for the darkest (highest) prefecture."),
    ]


def _share_villages() -> float:
    basic = _west_basic()
    return float((basic["level"] == "village").mean() * 100)


def _share_villages_mistakes() -> list[Mistake]:
    basic = _west_basic()
    return [
        Mistake(float((basic["level"] == "town").mean() * 100),
                "町の割合になっています。村（level == 'village'）を数えてください。",
                "That is the share of towns. Count villages (level == 'village')."),
        Mistake(float((basic["level"] == "village").sum()),
                "村の数です。割合にするには市町村の数で割ります。",
                "That is the number of villages. Divide by the number of municipalities."),
    ]


# --------------------------------------------------------------------------- chapter 3: 将来推計人口


def _ccr() -> float:
    return float(_age_row(TSUMAGOI)["age_20_24"] / _proj_row(TSUMAGOI, 2015)["age_15_19"])


def _ccr_mistakes() -> list[Mistake]:
    now, before = _age_row(TSUMAGOI), _proj_row(TSUMAGOI, 2015)
    projected = _proj_row(TSUMAGOI, 2020)
    return [
        Mistake(float(before["age_15_19"] / now["age_20_24"]),
                "割り算が逆です。2020年の人数 ÷ 2015年の人数 です。",
                "The division is upside down: 2020 ÷ 2015."),
        Mistake(float(now["age_15_19"] / before["age_15_19"]),
                "同じ年齢階級どうしを比べています。コーホート（同じ世代）は5年後に5歳上の階級にいます（15〜19歳 → 20〜24歳）。",
                "You compare the same age group. A cohort is 5 years older 5 years later (15–19 → 20–24)."),
        Mistake(float(projected["age_20_24"] / before["age_15_19"]),
                "2020年の推計値を使っています。2020年は国勢調査の実績（census2020_age）を使ってください。",
                "You used the 2020 projection. For 2020 use the census result (census2020_age)."),
        Mistake(float(_age_row(TSUMAGOI, "female")["age_20_24"] / _proj_row(TSUMAGOI, 2015, "female")["age_15_19"]),
                "女性だけの値です。男女計（sex == 'total'）で計算してください。",
                "That is women only. Use the total (sex == 'total')."),
    ]


def _women(year: int, sex: str = "female", cols=WOMEN_20_39) -> float:
    row = _proj_row(TSUMAGOI, year, sex)
    return float(sum(row[c] for c in cols))


def _change_women() -> float:
    return (_women(2045) / _women(2015) - 1) * 100


def _change_women_mistakes() -> list[Mistake]:
    return [
        Mistake((_women(2040) / _women(2015) - 1) * 100,
                "2040年までの変化です。2045年を使ってください。",
                "That is the change to 2040. Use 2045."),
        Mistake((_women(2045, "total") / _women(2015, "total") - 1) * 100,
                "男女計で計算しています。女性（sex == 'female'）だけで計算してください。",
                "You used men and women. Use women only (sex == 'female')."),
        Mistake((_women(2045) / _women(2015)) * 100,
                "2045年が2015年の何%か（比）になっています。増減率は (2045年 ÷ 2015年 − 1) × 100 です。",
                "That is 2045 as a percentage of 2015. The change is (2045 ÷ 2015 − 1) × 100."),
        Mistake((_women(2045, cols=WOMEN_20_39 + ("age_40_44",)) / _women(2015, cols=WOMEN_20_39 + ("age_40_44",)) - 1) * 100,
                "40〜44歳まで入っています。20〜39歳（4つの階級）だけを足してください。",
                "Ages 40–44 are included. Add the four groups 20–39 only."),
        Mistake((_women(2045, cols=WOMEN_20_39[:3]) / _women(2015, cols=WOMEN_20_39[:3]) - 1) * 100,
                "35〜39歳が抜けています。20〜39歳の4つの階級を足してください。",
                "Ages 35–39 are missing. Add the four groups 20–39."),
    ]


def _pop2045() -> int:
    return int(_proj_row(TSUMAGOI, 2045)["population"])


def _pop2045_mistakes() -> list[Mistake]:
    return [
        Mistake(int(_proj_row(TSUMAGOI, 2040)["population"]),
                "2040年の値です。2045年の行を選んでください。",
                "That is 2040. Pick the 2045 row."),
        Mistake(int(_proj_row(TSUMAGOI, 2045, "female")["population"]),
                "女性だけの人数です。男女計（sex == 'total'）の行を使ってください。",
                "That is women only. Use the total row (sex == 'total')."),
        Mistake(int(_proj_row(TSUMAGOI, 2015)["population"]),
                "2015年（推計の基準年）の値です。2045年の行を選んでください。",
                "That is 2015, the base year. Pick the 2045 row."),
    ]


# --------------------------------------------------------------------------- chapter 4: 観光（倍と%）


def _ratio(pair) -> float:
    return pair[1] / pair[0]


def _pct(pair) -> float:
    return (pair[1] / pair[0] - 1) * 100


_INVERSE = ("割り算が逆です。変化後 ÷ 変化前 です。", "The division is upside down: after ÷ before.")


def _ratio_mistakes(pair) -> Callable[[], list[Mistake]]:
    return lambda: [
        Mistake(pair[0] / pair[1], *_INVERSE),
        Mistake(_pct(pair), "増減率（%）になっています。この問いは倍率（変化後 ÷ 変化前）です。",
                "That is the percentage change. This question asks for the ratio (after ÷ before)."),
    ]


def _pct_mistakes(pair) -> Callable[[], list[Mistake]]:
    return lambda: [
        Mistake(_ratio(pair) * 100,
                "「変化前の何%か」になっています。増減率は (倍率 − 1) × 100 です。2倍は +100% です。",
                "That is 'after as a % of before'. The change is (ratio − 1) × 100; 2 times is +100 %."),
        Mistake((pair[1] - pair[0]) / pair[1] * 100,
                "基準が変化後になっています。増減率は変化前を基準にします（差 ÷ 変化前）。",
                "The base is the value after. A change is relative to the value before (difference ÷ before)."),
        Mistake(_ratio(pair), "倍率になっています。この問いは増減率（%）です。",
                "That is the ratio. This question asks for the percentage change."),
    ]


# --------------------------------------------------------------------------- chapter 5: ふるさと納税


def _gini_of(values) -> float:
    from ..indicators import gini

    return gini(values)


def _gini_receipts() -> float:
    return _gini_of(_basic(_load("furusato_fy2020"))["amount_yen"])


def _gini_mistakes() -> list[Mistake]:
    receipts = _load("furusato_receipts")
    fy2019 = _basic(receipts[receipts["fiscal_year"] == 2019])["amount_thousand_yen"].dropna()
    return [
        Mistake(_gini_of(_load("furusato_fy2020")["amount_yen"]),
                "都道府県の行（level == 'prefecture'）も入っています。市区町村（is_basic_municipality）だけで計算してください。",
                "Prefecture rows are included. Use municipalities only (is_basic_municipality)."),
        Mistake(_gini_of(fy2019),
                "2019年度の値です。2020年度（furusato_fy2020 または fiscal_year == 2020）を使ってください。",
                "That is FY2019. Use FY2020 (furusato_fy2020 or fiscal_year == 2020)."),
        Mistake(_gini_of(_basic(_load("furusato_fy2020"))["count"]),
                "受入件数で計算しています。受入額（amount_yen）を使ってください。",
                "You used the number of donations. Use the amount received (amount_yen)."),
    ]


def _net_tsumagoi() -> float:
    received = _load("furusato_fy2020").set_index("code").loc[TSUMAGOI, "amount_yen"]
    deducted = _load("furusato_deductions2021").set_index("code").loc[TSUMAGOI, "deduction_muni_tax_yen"]
    return float(received - deducted)


def _net_tsumagoi_mistakes() -> list[Mistake]:
    received = float(_load("furusato_fy2020").set_index("code").loc[TSUMAGOI, "amount_yen"])
    d = _load("furusato_deductions2021").set_index("code").loc[TSUMAGOI]
    return [
        Mistake(received - d["deduction_muni_tax_yen"] - d["deduction_pref_tax_yen"],
                "県民税の控除額も引いています。県民税の控除は群馬県の減収です。村の分（deduction_muni_tax_yen）だけを引きます。",
                "The prefectural-tax deduction is subtracted too; that is Gunma's loss. Subtract the village's "
                "(deduction_muni_tax_yen) only."),
        Mistake(received - d["furusato_donations_yen_muni_tax"],
                "村民が寄附した額を引いています。引くのは住民税の控除額（deduction_muni_tax_yen）です。",
                "You subtracted what residents donated. Subtract the tax deduction (deduction_muni_tax_yen)."),
        Mistake(received, "受入額のままです。控除額（deduction_muni_tax_yen）を引いてください。",
                "That is the receipts alone. Subtract the deduction (deduction_muni_tax_yen)."),
    ]


# --------------------------------------------------------------------------- the bank

_SHARE_HINT = ("割合は「部分 ÷ 全体」です。%にするには100を掛けます。", "A share is part ÷ whole; multiply by 100 for %.")

_BANK = [
    # chapter 1
    Question("1-1", "number", "嬬恋村の高齢化率", "Ageing rate of Tsumagoi", _rate_tsumagoi, (
        ("census2020 から嬬恋村（code == '10425'）の行を選びます。", "Pick Tsumagoi (code == '10425') from census2020."),
        ("高齢化率 = 65歳以上人口（pop_age65p）÷ 総人口（population）× 100 です。",
         "Ageing rate = pop_age65p ÷ population × 100."),
        ("答えは % の数（例: 28.6）で、小数第1位まであれば十分です。", "Answer in % (e.g. 28.6); one decimal is enough."),
    ), _rate_tsumagoi_mistakes, tol=0.05),
    Question("1-2", "places", "群馬県で高齢化率の高い5市町村", "Gunma's 5 oldest municipalities", _oldest5, (
        ("まず群馬県の市町村だけに絞り込みます（pref_name == '群馬県'）。", "First keep Gunma only (pref_name == '群馬県')."),
        ("share_age65p_pct で高い順に並べ替えます（sort_values(..., ascending=False)）。",
         "Sort by share_age65p_pct, highest first (sort_values(..., ascending=False))."),
        ("上から5つの name を取り出します（.head(5)）。名前でもコードでも構いません。",
         "Take the first 5 names (.head(5)). Names or codes are both fine."),
    ), _oldest5_mistakes),
    Question("1-3", "count", "ピラミッドに描かれた人数", "People shown in the pyramid", _pyramid_total, (
        ("ピラミッドの棒は5歳階級（age_00_04 … age_100p）の人数です。", "The bars are the 5-year age groups (age_00_04 … age_100p)."),
        ("年齢不詳（age_unknown）は棒になりません。", "Unknown ages (age_unknown) have no bar."),
        ("男女計の行（sex == 'total'）の5歳階級の列を合計します。", "Add the 5-year columns of the total row (sex == 'total')."),
    ), _pyramid_total_mistakes),
    Question("1-4", "age_group", "最も人数の多い年齢階級", "The largest age group", _largest_group, (
        ("左右の棒（男性と女性）を合わせた長さで比べます。", "Compare the length of both bars together (men + women)."),
        ("表で確かめるなら、男女計の行で最大の列を探します（.idxmax()）。", "To check in the table, find the largest column of the total row (.idxmax())."),
        ("答えは \"65-69\" のように書きます。", "Write the answer like \"65-69\"."),
    ), _largest_group_mistakes),
    Question("1-5", "choice", "高齢化率の読み方", "Reading an ageing rate", lambda: "b", (
        ("37% は 100人のうち37人です。", "37 % is 37 people in 100."),
        ("100 ÷ 37 はおよそいくつでしょう。", "What is 100 ÷ 37, roughly?"),
    ), lambda: [
        Mistake("a", "2人に1人なら 50% です。", "One in two would be 50 %."),
        Mistake("c", "4人に1人なら 25% です。", "One in four would be 25 %."),
        Mistake("d", "37人に1人なら 約2.7% です。% の意味を確かめてください。", "One in 37 would be about 2.7 %."),
    ], choices="abcd"),
    Question("1-6", "manual", "自由課題（高齢化）", "Open task (ageing)"),
    # chapter 2
    Question("2-1", "count", "NTT西日本エリアの市町村数", "Municipalities in NTT West's area", _n_west, (
        ("30府県のリストを作り、pref_name で絞り込みます（.isin(...)）。", "Make the list of 30 prefectures and filter pref_name with .isin(...)."),
        ("都道府県の行や政令市の区を数えないよう、is_basic_municipality が True の行だけにします。",
         "Keep rows with is_basic_municipality True, so prefectures and wards are not counted."),
        ("行数を数えます（len(...)）。", "Count the rows (len(...))."),
    ), _n_west_mistakes),
    Question("2-2", "places", "地図で高齢化率が最も高い府県", "Oldest prefecture on the map", _oldest_pref_west, (
        ("凡例で、最も濃い色がどの範囲かを確かめます。", "Check in the legend which range the darkest colour means."),
        ("表で確かめるなら、level == 'prefecture' の行を share_age65p_pct で並べます。",
         "To check in the table, sort the prefecture rows by share_age65p_pct."),
    ), _oldest_pref_west_mistakes),
    Question("2-3", "number", "30府県の市町村のうち村の割合", "Share of villages", _share_villages, (
        ("2-1 の市町村のうち、level == 'village' の行を数えます。", "Among the municipalities of 2-1, count level == 'village'."),
        _SHARE_HINT,
        ("0〜1の比でも % でも構いません。", "A share (0–1) or a percentage are both fine."),
    ), _share_villages_mistakes, tol=0.05, share_or_percent=True),
    Question("2-4", "choice", "塗り分け地図の読み方", "Reading a choropleth", lambda: "c", (
        ("面積の大きい市町村は、値に関係なく目立ちます。", "Large municipalities stand out whatever their value."),
        ("人数のような「量」と、率のような「割合」の違いを考えます。", "Think of amounts (people) versus rates (shares)."),
    ), lambda: [
        Mistake("a", "色の区切り方（分類）は結果の見え方を大きく変えます。", "How classes are cut changes the picture a lot."),
        Mistake("b", "地図の色は面積ではなく値を表しますが、面積の大きい地域は目立ちます。",
                "Colour shows the value, not the area, but large areas stand out."),
        Mistake("d", "人口の多い市町村が小さく描かれることはよくあります（都市は面積が小さい）。",
                "Populous municipalities are often small on the map (cities are small in area)."),
    ], choices="abcd"),
    Question("2-5", "manual", "自由課題（地図）", "Open task (maps)"),
    # chapter 3
    Question("3-1", "number", "コーホート変化率（15〜19歳 → 20〜24歳）", "Cohort change ratio (15–19 → 20–24)", _ccr, (
        ("2015年に15〜19歳だった人は、2020年には20〜24歳です。", "People aged 15–19 in 2015 are 20–24 in 2020."),
        ("2015年は ipss2018_projection の year == 2015、2020年は census2020_age を使います（男女計）。",
         "For 2015 use ipss2018_projection with year == 2015; for 2020 use census2020_age (total)."),
        ("変化率 = 2020年の20〜24歳 ÷ 2015年の15〜19歳（倍率、例: 0.85）。", "Ratio = 20–24 in 2020 ÷ 15–19 in 2015 (e.g. 0.85)."),
    ), _ccr_mistakes, tol=0.005),
    Question("3-2", "number", "20〜39歳女性の増減率 2015→2045", "Change of women aged 20–39, 2015→2045", _change_women, (
        ("ipss2018_projection で嬬恋村・女性（sex == 'female'）の行を選びます。", "Pick Tsumagoi, women (sex == 'female'), in ipss2018_projection."),
        ("20〜24・25〜29・30〜34・35〜39 の4つの列を足します（2015年と2045年）。",
         "Add the four columns 20–24, 25–29, 30–34, 35–39 (for 2015 and 2045)."),
        ("増減率 = (2045年 ÷ 2015年 − 1) × 100。減っていれば負の数です。", "Change = (2045 ÷ 2015 − 1) × 100; negative if it falls."),
    ), _change_women_mistakes, tol=0.3),
    Question("3-3", "count", "2045年の推計人口", "Projected population in 2045", _pop2045, (
        ("ipss2018_projection で嬬恋村（code == '10425'）、year == 2045、sex == 'total' の行です。",
         "Tsumagoi (code == '10425'), year == 2045, sex == 'total' in ipss2018_projection."),
        ("population 列の値を整数で答えます。", "Answer the population column as a whole number."),
    ), _pop2045_mistakes),
    Question("3-4", "choice", "将来推計人口の意味", "What a projection is", lambda: "a", (
        ("社人研の推計は「仮定」にもとづく計算です。", "IPSS projections are calculations on assumptions."),
        ("政策で変えられるかどうかを考えます。", "Think about whether policy can change the outcome."),
    ), lambda: [
        Mistake("b", "推計は確定した未来ではありません。仮定が変われば結果も変わります。",
                "A projection is not a fixed future; other assumptions give other results."),
        Mistake("c", "推計は自治体の目標値ではありません（目標は人口ビジョン等で別に定めます）。",
                "A projection is not the municipality's target."),
        Mistake("d", "推計は住民基本台帳の集計ではなく、国勢調査をもとにした計算です。",
                "A projection is not a register count; it is computed from the census."),
    ], choices="abcd"),
    Question("3-5", "manual", "自由課題（将来推計）", "Open task (projections)"),
    # chapter 4
    Question("4-1", "number", "27,500 → 55,000 は何倍", "27,500 → 55,000: how many times", lambda: _ratio(TOURISM_A), (
        ("倍率 = 変化後 ÷ 変化前。", "Ratio = after ÷ before."),
    ), _ratio_mistakes(TOURISM_A), tol=0.005),
    Question("4-2", "number", "27,500 → 55,000 の増減率", "27,500 → 55,000: change in %", lambda: _pct(TOURISM_A), (
        ("増減率 = (変化後 ÷ 変化前 − 1) × 100。", "Change = (after ÷ before − 1) × 100."),
        ("2倍は「+200%」ではありません。", "Twice is not '+200 %'."),
    ), _pct_mistakes(TOURISM_A), tol=0.05),
    Question("4-3", "number", "3,000,000 → 810,000 は何倍", "3,000,000 → 810,000: how many times", lambda: _ratio(TOURISM_B), (
        ("倍率 = 変化後 ÷ 変化前。減っていれば1より小さくなります。", "Ratio = after ÷ before; below 1 if it fell."),
    ), _ratio_mistakes(TOURISM_B), tol=0.0005),
    Question("4-4", "number", "3,000,000 → 810,000 の増減率", "3,000,000 → 810,000: change in %", lambda: _pct(TOURISM_B), (
        ("増減率 = (変化後 ÷ 変化前 − 1) × 100。", "Change = (after ÷ before − 1) × 100."),
        ("減っているので答えは負の数です。", "It fell, so the answer is negative."),
    ), _pct_mistakes(TOURISM_B), tol=0.05),
    Question("4-5", "choice", "「前年比 +200%」は何倍", "'+200 %' is how many times", lambda: "b", (
        ("+100% で2倍です。", "+100 % is twice."),
    ), lambda: [
        Mistake("a", "2倍は +100% です。+200% はさらに100%分多くなります。", "Twice is +100 %; +200 % is one more 100 %."),
        Mistake("c", "倍率 = 1 + 増減率 ÷ 100 です。", "Ratio = 1 + change ÷ 100."),
        Mistake("d", "倍率 = 1 + 増減率 ÷ 100 です。", "Ratio = 1 + change ÷ 100."),
    ], choices="abcd"),
    Question("4-6", "manual", "自由課題（観光の数字）", "Open task (tourism figures)"),
    # chapter 5
    Question("5-1", "number", "受入額のジニ係数（2020年度）", "Gini of receipts (FY2020)", _gini_receipts, (
        ("furusato_fy2020 の市区町村の行（is_basic_municipality）だけを使います。", "Use the municipal rows of furusato_fy2020 (is_basic_municipality)."),
        ("chiiki_lab.indicators.gini(受入額の列) で計算できます。", "chiiki_lab.indicators.gini(the receipts column) computes it."),
        ("ジニ係数は 0〜1 の値です。小数第3位まで答えれば十分です。", "The Gini is between 0 and 1; three decimals are enough."),
    ), _gini_mistakes, tol=0.0005),
    Question("5-2", "number", "嬬恋村の受入額 − 控除額", "Tsumagoi: receipts − deduction", _net_tsumagoi, (
        ("受入額は furusato_fy2020 の amount_yen（円）です。", "Receipts: amount_yen in furusato_fy2020 (yen)."),
        ("控除額は furusato_deductions2021 の deduction_muni_tax_yen（村民税の分）です。",
         "Deduction: deduction_muni_tax_yen in furusato_deductions2021 (the village's tax)."),
        ("答えは円で。千円単位にしないでください。", "Answer in yen, not thousands of yen."),
    ), _net_tsumagoi_mistakes, tol=1.0),
    Question("5-3", "choice", "受入額 − 控除額 の意味", "What receipts − deduction means", lambda: "d", (
        ("受け入れた寄附のうち、返礼品や送料に使った分があります。", "Part of the receipts pays for gifts and shipping."),
        ("控除による減収は、地方交付税で一部が補われる団体があります。", "For many municipalities, part of the tax loss is made up by the local allocation tax."),
    ), lambda: [
        Mistake("a", "返礼品などの費用（cost_total_yen）が引かれていません。", "The costs of gifts etc. (cost_total_yen) are not subtracted."),
        Mistake("b", "控除額は村の住民税の減収で、村の支出ではありません。", "The deduction is a loss of the village's tax, not a spending."),
        Mistake("c", "プラスでも、費用を引くと小さくなることがあります。", "Even when positive, it shrinks once costs are subtracted."),
    ], choices="abcd"),
    Question("5-4", "manual", "自由課題（ふるさと納税）", "Open task (furusato nozei)"),
]

QUESTIONS: dict[str, Question] = {q.id: q for q in _BANK}
