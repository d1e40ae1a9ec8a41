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

A question with ``town_var`` is about a municipality the learner chose (chapter 9): its
``expected`` and ``mistakes`` take that municipality's 5-digit code, the learner passes the town
with ``check(qid, answer, town=LEARNER_TOWN)``, and the grader reads the variable ``town_var``.

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
CARD_DATE = "2022-12-31"  # last as_of of mynumbercard
MATCHING = {"n_shops": 10, "n_workers": 7, "seed": 5}  # ch07: 模擬データ, fixed
KPI_SEED = 1  # ch08: 模擬データ, fixed
INDICATORS_06 = ("card_rate", "fiscal", "working_age", "pop_change")


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
    town_var: str = ""  # name of the variable holding the learner's chosen town (expected(code), mistakes(code))

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


# --------------------------------------------------------------------------- chapter 0: はじめに


def _pop_tsumagoi() -> int:
    return int(_census().set_index("code").loc[TSUMAGOI, "population"])


def _pop_tsumagoi_mistakes() -> list[Mistake]:
    c = _census().set_index("code")
    ts = _load("census_timeseries")
    juki = _load("juki2022").set_index("code")
    return [
        Mistake(int(ts[(ts["code"] == TSUMAGOI) & (ts["year"] == 2015)]["population"].iloc[0]),
                "2015年の国勢調査の値です。2020年（census2020）を使ってください。",
                "That is the 2015 census. Use 2020 (census2020)."),
        Mistake(int(juki.loc[TSUMAGOI, "population"]),
                "住民基本台帳（2022年）の人口です。国勢調査（census2020）の population を使ってください。",
                "That is the resident register (2022). Use population in census2020."),
        Mistake(int(c.loc["10000", "population"]), "群馬県全体の人口です。嬬恋村（10425）の行を選んでください。",
                "That is all of Gunma. Pick Tsumagoi (10425)."),
        Mistake(int(c.loc[TSUMAGOI, "pop_male"]), "男性だけの人数です。男女計（population）を使ってください。",
                "That is men only. Use the total (population)."),
    ]


# --------------------------------------------------------------------------- chapter 6: DXの物差し


def _card_at(as_of: str):
    card = _basic(_load("mynumbercard"))
    return card[card["as_of"] == as_of]


def _card_rate_tsumagoi() -> float:
    return float(_card_at(CARD_DATE).set_index("code").loc[TSUMAGOI, "issuance_rate_pct"])


def _rate_of(rows) -> float:
    return float(rows["cards_issued"].sum() / rows["population_juki"].sum() * 100)


def _card_rate_tsumagoi_mistakes() -> list[Mistake]:
    card = _basic(_load("mynumbercard"))
    end2021 = card[card["as_of"].dt.year == 2021]["as_of"].max()
    last = _card_at(CARD_DATE)
    return [
        Mistake(float(_card_at(end2021).set_index("code").loc[TSUMAGOI, "issuance_rate_pct"]),
                "2021年末の値です。最後の時点（2022-12-31）の行を選んでください。",
                "That is the end of 2021. Pick the last date (2022-12-31)."),
        Mistake(_rate_of(last[last["pref_name"] == "群馬県"]),
                "群馬県全体の交付率です。嬬恋村（10425）の行を選んでください。",
                "That is Gunma as a whole. Pick Tsumagoi (10425)."),
        Mistake(_card_rate_japan_2022(), "全国の交付率です。嬬恋村（10425）の行を選んでください。",
                "That is the national rate. Pick Tsumagoi (10425)."),
    ]


def _last_of_year(year: int):
    card = _load("mynumbercard")
    return card.loc[card["as_of"].dt.year == year, "as_of"].max()


def _card_rate_japan() -> float:
    return _rate_of(_card_at(_last_of_year(2021)))


def _card_rate_japan_mistakes() -> list[Mistake]:
    return [
        Mistake(float(_card_at(_last_of_year(2021))["issuance_rate_pct"].mean()),
                "市区町村の交付率の単純平均です。人口の少ない村も大都市も同じ重さになります。"
                "全国の率は 交付枚数の合計 ÷ 人口の合計 × 100 で求めます。",
                "That is the plain mean of municipal rates: a village weighs as much as a big city. "
                "The national rate is total cards ÷ total population × 100."),
        Mistake(_card_rate_japan_2022(), "2022年末の値です。2021年の最後の時点（as_of の2021年で最も遅い日）を使ってください。",
                "That is the end of 2022. Use the last date of 2021."),
        Mistake(float(_card_at(_last_of_year(2021))["issuance_rate_pct"].median()),
                "市区町村の交付率の中央値です。全国の率は 交付枚数の合計 ÷ 人口の合計 × 100 です。",
                "That is the median of municipal rates. The national rate is total cards ÷ total population × 100."),
    ]


def _card_rate_japan_2022() -> float:
    return _rate_of(_card_at(CARD_DATE))


def _table_06():
    """The prefecture table of notebook 06: card rate, fiscal strength, working-age share, population change."""
    census = _census()
    last = _card_at(CARD_DATE)
    pref = last.groupby("pref_code")[["population_juki", "cards_issued"]].sum()
    zaisei = _load("zaisei")
    fiscal = _basic(zaisei[zaisei["fiscal_year"] == 2021])
    fiscal = fiscal[~fiscal["note_value_in_parentheses"]]
    prefs = census[census["level"] == "prefecture"].set_index("pref_code")
    return prefs[["name"]].assign(
        card_rate=pref["cards_issued"] / pref["population_juki"] * 100,
        fiscal=fiscal.groupby("pref_code")["fiscal_strength_index"].mean(),
        working_age=prefs["share_age15_64_pct"],
        pop_change=prefs["pop_change_rate_2015_2020_pct"],
    ).set_index("name")


def _rank_toyama(card_weight: float = 3, method: str = "minmax", ascending: bool = False) -> int:
    from ..indicators import composite_index

    weights = dict.fromkeys(INDICATORS_06, 1) | {"card_rate": card_weight}
    index = composite_index(_table_06(), weights, method=method)
    return int(index.rank(ascending=ascending, method="min")["富山県"])


def _rank_toyama_mistakes() -> list[Mistake]:
    return [
        Mistake(_rank_toyama(1), "重みを変える前（1:1:1:1）の順位です。交付率の重みを3にしてください。",
                "That is the rank before the change (1:1:1:1). Set the card-rate weight to 3."),
        Mistake(_rank_toyama(3, ascending=True), "小さい順の順位です。総合指標が大きいほど上位（1位）です（ascending=False）。",
                "That ranks from the smallest. The largest index is rank 1 (ascending=False)."),
        Mistake(_rank_toyama(3, "zscore"), "zscore で正規化しています。この問いは minmax（既定）です。",
                "That uses zscore. This question uses minmax (the default)."),
    ]


# --------------------------------------------------------------------------- chapter 7: マッチング（模擬データ）


@cache
def _matches():
    from ..synthetic import matching

    shops, workers = matching.shops_and_workers(**MATCHING)
    scores = matching.suitability(shops, workers)
    return shops, workers, scores, matching.optimal_match(scores), matching.greedy_match(scores)


def _optimal_total() -> float:
    return float(_matches()[3]["score"].sum())


def _optimal_total_mistakes() -> list[Mistake]:
    _, _, scores, best, greedy = _matches()
    return [
        Mistake(float(greedy["score"].sum()), "貪欲法（greedy_match）の合計です。最適な割当（optimal_match）の合計を求めてください。",
                "That is the greedy total. Use the optimal assignment (optimal_match)."),
        Mistake(float(best["score"].mean()), "平均になっています。点数の合計（.sum()）を求めてください。",
                "That is the mean. Add the scores up (.sum())."),
        Mistake(float(scores.max(axis=1).sum()),
                "店舗ごとの最高点の合計です。1人のテレワーカーは1店舗しか担当できません（1対1）。",
                "That adds each shop's best score: one worker can only take one shop (one-to-one)."),
    ]


def _gap() -> float:
    return _optimal_total() - float(_matches()[4]["score"].sum())


def _gap_mistakes() -> list[Mistake]:
    _, _, _, best, greedy = _matches()
    return [
        Mistake(float(greedy["score"].sum()), "貪欲法の合計そのものです。最適 − 貪欲 の差を求めてください。",
                "That is the greedy total itself. Give optimal − greedy."),
        Mistake(_optimal_total(), "最適な割当の合計そのものです。最適 − 貪欲 の差を求めてください。",
                "That is the optimal total itself. Give optimal − greedy."),
        Mistake(float(best["score"].sum() / greedy["score"].sum()), "比になっています。差（引き算）で答えてください。",
                "That is a ratio. Answer with the difference."),
    ]


def _unmatched() -> int:
    shops, _, _, best, _ = _matches()
    return len(shops) - len(best)


def _unmatched_mistakes() -> list[Mistake]:
    shops, workers, _, best, _ = _matches()
    found = [Mistake(len(best), "組めた店舗の数です。組めなかった店舗の数（店舗数 − 組数）を答えてください。",
                     "That is the number matched. Give the shops left without a worker.")]
    if len(shops) - len(workers) != _unmatched():
        found.append(Mistake(len(shops) - len(workers),
                             "店舗数 − テレワーカー数 です。点数 0 の組は「組まない」ので、組めない店舗はもっと多くなります。"
                             "optimal_match の結果の行数を数えてください。",
                             "That is shops − workers. Pairs scoring 0 are not made, so more shops are left; count the "
                             "rows of optimal_match."))
    if len(workers) - len(best) != _unmatched():
        found.append(Mistake(len(workers) - len(best), "組めなかったテレワーカーの数です。店舗の数を答えてください。",
                             "That is the workers left. Count the shops."))
    return found


# --------------------------------------------------------------------------- chapter 8: KPIと差の差（模擬データ）


@cache
def _panel():
    from ..synthetic import kpi

    return kpi.platform_panel(seed=KPI_SEED)


def _estimate(kind: str) -> float:
    from ..synthetic import kpi

    return float(getattr(kpi, kind)(_panel()))


def _non_participants_change() -> float:
    from ..synthetic import kpi

    table = kpi.group_means(_panel())
    row = table.iloc[1]  # non-participants: after − before
    return float(row.iloc[1] - row.iloc[0])


_TRUE_EFFECT = ("模擬データを作るときに決めた「本当の効果」です。ふつうは分かりません。データから推定してください。",
                "That is the true effect set when the 模擬データ were made; in practice it is unknown. Estimate it.")


def _before_after_mistakes() -> list[Mistake]:
    return [
        Mistake(_estimate("did"), "差の差（DiD）です。この問いは参加企業の前後比較（後 − 前）です。",
                "That is the DiD. This question asks for the participants' after − before."),
        Mistake(_estimate("after_only"), "事後の比較（参加 − 非参加）です。参加企業の 後 − 前 を求めてください。",
                "That is after-only (participants − others). Give the participants' after − before."),
        Mistake(_non_participants_change(), "非参加企業の 後 − 前 です。参加企業の行を使ってください。",
                "That is the non-participants' after − before. Use the participants."),
    ]


def _did_mistakes() -> list[Mistake]:
    return [
        Mistake(_estimate("before_after"), "前後比較（参加企業の 後 − 前）です。非参加企業の 後 − 前 を引いてください。",
                "That is before/after. Subtract the non-participants' after − before."),
        Mistake(_estimate("after_only"), "事後の比較です。自己選択（もともとの差）が混ざっています。差の差を求めてください。",
                "That is after-only, which includes the selection. Compute the difference-in-differences."),
        Mistake(_non_participants_change(), "非参加企業の 後 − 前（共通の伸び）です。参加企業の 後 − 前 からこれを引きます。",
                "That is the common trend (non-participants' after − before). Subtract it from the participants'."),
        Mistake(float(_panel().attrs["chiiki_lab"]["true_effect"]), *_TRUE_EFFECT),
    ]


# --------------------------------------------------------------------------- chapter 9: 総合演習（選んだ市町村）


def _row(code: str):
    return _census().set_index("code").loc[code]


def _aging_of(code: str) -> float:
    row = _row(code)
    return float(row["pop_age65p"] / row["population"] * 100)


def _aging_mistakes(code: str) -> list[Mistake]:
    row = _row(code)
    pref = _row(f"{code[:2]}000")
    return [
        Mistake(float(pref["pop_age65p"] / pref["population"] * 100),
                "都道府県全体の高齢化率です。選んだ市町村の行を選んでください。",
                "That is the whole prefecture. Pick the row of your municipality."),
        Mistake(_aging_of("00000"), "全国の高齢化率です。選んだ市町村の行を選んでください。",
                "That is the national rate. Pick the row of your municipality."),
        Mistake(float(100 - row["pop_age65p"] / row["population"] * 100),
                "65歳未満の割合です。65歳以上人口 ÷ 総人口 × 100 です。", "That is the share under 65."),
    ]


def _population(code: str, year: int) -> float:
    ts = _load("census_timeseries")
    return float(ts[(ts["code"] == code) & (ts["year"] == year)]["population"].iloc[0])


def _change_1980_2020(code: str) -> float:
    return (_population(code, 2020) / _population(code, 1980) - 1) * 100


def _change_mistakes(code: str) -> list[Mistake]:
    return [
        Mistake((_population(code, 2020) / _population(code, 2015) - 1) * 100,
                "2015→2020年の増減率です。1980年と2020年を比べてください。", "That is 2015→2020. Compare 1980 with 2020."),
        Mistake(_population(code, 2020) / _population(code, 1980) * 100,
                "「1980年の何%か」になっています。増減率は (2020年 ÷ 1980年 − 1) × 100 です。",
                "That is 2020 as a % of 1980. The change is (2020 ÷ 1980 − 1) × 100."),
        Mistake(_population(code, 2020) - _population(code, 1980), "人数の差です。増減率（%）で答えてください。",
                "That is the difference in people. Answer with the change in %."),
    ]


def _in_pref(code: str):
    c = _basic(_census())
    return c[c["pref_code"] == code[:2]].set_index("code")["share_age65p_pct"]


def _aging_rank(code: str) -> int:
    return int(_in_pref(code).rank(ascending=False, method="min")[code])


def _aging_rank_mistakes(code: str) -> list[Mistake]:
    rates = _in_pref(code)
    found = []
    low = int(rates.rank(ascending=True, method="min")[code])
    if low != _aging_rank(code):
        found.append(Mistake(low, "低い順の順位です。高齢化率の最も高い市町村を1位にします（ascending=False）。",
                             "That ranks from the lowest. The highest rate is rank 1 (ascending=False)."))
    c = _census()
    with_all = c[(c["pref_code"] == code[:2]) & (c["level"] != "prefecture")].set_index("code")["share_age65p_pct"]
    wide = int(with_all.rank(ascending=False, method="min")[code])
    if wide != _aging_rank(code):
        found.append(Mistake(wide, "政令市の区も入っています。is_basic_municipality が True の行だけで順位をつけてください。",
                             "Wards are included. Rank rows with is_basic_municipality only."))
    return found


# --------------------------------------------------------------------------- the bank

_SHARE_HINT = ("割合は「部分 ÷ 全体」です。%にするには100を掛けます。", "A share is part ÷ whole; multiply by 100 for %.")

_BANK = [
    # chapter 0 (demonstration in notebook 00)
    Question("0-1", "count", "嬬恋村の人口（2020年）", "Population of Tsumagoi (2020)", _pop_tsumagoi, (
        ("census2020 から嬬恋村（code == '10425'）の行を選びます。", "Pick Tsumagoi (code == '10425') from census2020."),
        ("population 列の値を整数で答えます。", "Answer the population column as a whole number."),
    ), _pop_tsumagoi_mistakes),
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
    # chapter 6
    Question("6-1", "number", "嬬恋村のマイナンバーカード交付率（2022年末）", "Tsumagoi's My Number Card rate (end of 2022)",
             _card_rate_tsumagoi, (
        ("mynumbercard で code == '10425' の行を選びます。", "Pick code == '10425' in mynumbercard."),
        ("集計時点（as_of）が 2022-12-31 の行です。", "Take the row with as_of == 2022-12-31."),
        ("issuance_rate_pct の値（%）を答えます。", "Answer issuance_rate_pct (%)."),
    ), _card_rate_tsumagoi_mistakes, tol=0.05),
    Question("6-2", "number", "全国の交付率（2021年の最後の時点）", "National card rate (last date of 2021)", _card_rate_japan, (
        ("mynumbercard には全国の行がありません。市区町村の行から計算します。", "mynumbercard has no national row; compute it."),
        ("is_basic_municipality が True で、as_of が2021年の最後の時点（2021-12-01）の行だけを使います。",
         "Use rows with is_basic_municipality True and the last as_of of 2021 (2021-12-01)."),
        ("交付率の平均ではなく、cards_issued の合計 ÷ population_juki の合計 × 100 です。",
         "Not the mean of rates: total cards_issued ÷ total population_juki × 100."),
    ), _card_rate_japan_mistakes, tol=0.05),
    Question("6-3", "count", "交付率の重みを3にしたときの富山県の順位", "Toyama's rank with card-rate weight 3", _rank_toyama, (
        ("ノートブック 06 の table（都道府県 × 4指標）を作ります。", "Build the table of notebook 06 (prefectures × 4 indicators)."),
        ("重みは card_rate だけ 3、ほかは 1。正規化は minmax（既定）です。", "Weights: card_rate 3, the others 1; minmax (default)."),
        ("総合指標の大きい順に順位をつけ（rank(ascending=False, method='min')）、富山県の行を見ます。",
         "Rank the index from the largest (rank(ascending=False, method='min')) and read 富山県."),
    ), _rank_toyama_mistakes),
    Question("6-4", "manual", "自由課題（DXの物差し）", "Open task (measuring DX)"),
    # chapter 7
    Question("7-1", "number", "最適な割当の点数の合計", "Total score of the optimal assignment", _optimal_total, (
        ("matching.shops_and_workers(n_shops=10, n_workers=7, seed=5) で模擬データを作ります。",
         "Make the 模擬データ with matching.shops_and_workers(n_shops=10, n_workers=7, seed=5)."),
        ("matching.suitability で点数表を作り、matching.optimal_match に渡します。",
         "Build the table with matching.suitability and pass it to matching.optimal_match."),
        ("結果の score 列の合計（.sum()）です。小数第3位まで答えれば十分です。", "Sum the score column; three decimals are enough."),
    ), _optimal_total_mistakes, tol=0.0005),
    Question("7-2", "number", "最適 − 貪欲 の差", "Optimal minus greedy", _gap, (
        ("7-1 と同じ点数表を matching.greedy_match に渡します。", "Pass the same table to matching.greedy_match."),
        ("差 = 最適な割当の合計 − 貪欲法の合計。0以上になります。", "Gap = optimal total − greedy total (never negative)."),
    ), _gap_mistakes, tol=0.0005),
    Question("7-3", "count", "最適な割当で組めなかった店舗の数", "Shops left unmatched", _unmatched, (
        ("optimal_match は点数 0 の組を「組まない」として除きます。", "optimal_match leaves out pairs scoring 0."),
        ("組めなかった店舗 = 店舗の数 − 結果の行数。", "Unmatched shops = number of shops − rows of the result."),
    ), _unmatched_mistakes),
    Question("7-4", "manual", "自由課題（マッチング）", "Open task (matching)"),
    # chapter 8
    Question("8-1", "number", "前後比較による推定", "Before/after estimate", lambda: _estimate("before_after"), (
        ("kpi.platform_panel(seed=1) で模擬データを作ります。", "Make the 模擬データ with kpi.platform_panel(seed=1)."),
        ("参加企業の 開始後の平均 − 開始前の平均 です（kpi.group_means の1行目）。",
         "Participants: mean after − mean before (first row of kpi.group_means)."),
        ("kpi.before_after(panel) でも求められます。単位は百万円。", "kpi.before_after(panel) gives it too; in million yen."),
    ), _before_after_mistakes, tol=0.05),
    Question("8-2", "number", "差の差（DiD）による推定", "Difference-in-differences estimate", lambda: _estimate("did"), (
        ("DiD = （参加企業の 後 − 前） − （非参加企業の 後 − 前）。", "DiD = (participants after − before) − (others after − before)."),
        ("kpi.group_means の表から計算するか、kpi.did(panel) で確かめます。", "Use the table of kpi.group_means, or kpi.did(panel)."),
    ), _did_mistakes, tol=0.05),
    Question("8-3", "choice", "アウトカム指標はどれ", "Which one is an outcome", lambda: "c", (
        ("アウトプットは「やったことの量」、アウトカムは「それで変わったこと」です。",
         "Outputs: what was done. Outcomes: what changed because of it."),
        ("事業者がすぐに数えられるのはどれでしょう。それはたいていアウトプットです。",
         "What can the organiser count at once? That is usually an output."),
    ), lambda: [
        Mistake("a", "採択企業数は事業として「やったこと」の量（アウトプット）です。", "Firms accepted is an output."),
        Mistake("b", "メンタリングの回数はアウトプットです。それで何が変わったかがアウトカムです。", "Mentoring sessions are an output."),
        Mistake("d", "イベント参加者数はアウトプットです。", "Event participants are an output."),
    ], choices="abcd"),
    Question("8-4", "manual", "自由課題（KPIツリー）", "Open task (KPI tree)"),
    # chapter 9 (the learner's own municipality: check(qid, answer, town=LEARNER_TOWN))
    Question("9-1", "number", "選んだ市町村の高齢化率", "Ageing rate of your municipality", _aging_of, (
        ("census2020 で、選んだ市町村のコード（cl.resolve(LEARNER_TOWN).code）の行を選びます。",
         "Pick your municipality's code (cl.resolve(LEARNER_TOWN).code) in census2020."),
        ("高齢化率 = pop_age65p ÷ population × 100。", "Ageing rate = pop_age65p ÷ population × 100."),
    ), _aging_mistakes, tol=0.05, town_var="LEARNER_TOWN"),
    Question("9-2", "number", "選んだ市町村の人口増減率 1980→2020", "Population change of your municipality 1980→2020",
             _change_1980_2020, (
        ("census_timeseries で、選んだ市町村の1980年と2020年の population を取り出します。",
         "Take population in 1980 and 2020 of your municipality from census_timeseries."),
        ("増減率 = (2020年 ÷ 1980年 − 1) × 100。減っていれば負の数です。", "Change = (2020 ÷ 1980 − 1) × 100; negative if it fell."),
        ("cl.population_change(…, 1980, 2020) の change_pct でも確かめられます。", "cl.population_change(…, 1980, 2020) gives change_pct too."),
    ), _change_mistakes, tol=0.05, town_var="LEARNER_TOWN"),
    Question("9-3", "count", "高齢化率の県内順位", "Rank of the ageing rate in the prefecture", _aging_rank, (
        ("同じ都道府県（pref_code）の市町村（is_basic_municipality）だけにします。",
         "Keep municipalities (is_basic_municipality) of the same prefecture (pref_code)."),
        ("share_age65p_pct の高い順に順位をつけます（rank(ascending=False, method='min')）。",
         "Rank share_age65p_pct from the highest (rank(ascending=False, method='min'))."),
    ), _aging_rank_mistakes, town_var="LEARNER_TOWN"),
    Question("9-4", "manual", "DX提案書（1ページ）", "One-page DX proposal"),
]

QUESTIONS: dict[str, Question] = {q.id: q for q in _BANK}
