"""The shared answer set: for every checked question, answers in every accepted form, near misses,
wrong answers and odd inputs, each with the status the one judge must give (full / partial / zero).

Expected values are computed here with pandas (and scipy) straight from the bundled data, never
from ``chiiki_lab.exercises.answers``. ``tests/test_exercises.py`` asserts the judge's status and
that ``check()`` shows the matching mark; the grader's tests assert the grader gives the same.

>>> cases = answer_set()                       # doctest: +SKIP
>>> cases[0].question, cases[0].status          # doctest: +SKIP
('1-1', 'full')
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import chiiki_lab
from answer_set_ch16_21 import sets as sets_ch16_21

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA = Path(__file__).parent / "data" / "answer_set"  # cases of lesson files, as data (see its README)

WEST = ["富山県", "石川県", "福井県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
        "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県",
        "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"]
AGES = [f"age_{a:02d}_{a + 4:02d}" for a in range(0, 100, 5)] + ["age_100p"]
TOWN = {"6-4": "嬬恋村", "9-1": "嬬恋村", "9-2": "嬬恋村", "9-3": "嬬恋村"}


@dataclass(frozen=True)
class Case:
    """One answer and the verdict the judge must give it."""

    question: str
    answer: Any
    status: str  # "full", "partial" or "zero"
    kind: str  # "right" (an accepted form), "near" (a near miss: must say what went wrong), "wrong", "odd"
    town: str | None = None


@cache
def data(name):
    return chiiki_lab.load(name)


def _t():
    return data("census2020").set_index("code").loc["10425"]


def _age(sex="total"):
    a = data("census2020_age")
    return a[(a["code"] == "10425") & (a["sex"] == sex)].iloc[0]


def _proj(year, sex="total"):
    p = data("ipss2018_projection")
    return p[(p["code"] == "10425") & (p["year"] == year) & (p["sex"] == sex)].iloc[0]


def _gini(x):
    x = np.sort(np.asarray(x, dtype=float))
    n = len(x)
    return float(np.abs(x[:, None] - x[None, :]).sum() / (2 * n * n * x.mean()))


def _card(as_of):
    card = data("mynumbercard")
    return card[card["is_basic_municipality"] & (card["as_of"] == as_of)]


def _table06():
    c = data("census2020")
    last = _card("2022-12-31").groupby("pref_code")[["cards_issued", "population_juki"]].sum()
    z = data("zaisei")
    z = z[(z["fiscal_year"] == 2021) & z["is_basic_municipality"] & ~z["note_value_in_parentheses"]]
    prefs = c[c["level"] == "prefecture"].set_index("pref_code")
    table = pd.DataFrame({"card": last["cards_issued"] / last["population_juki"],
                          "fiscal": z.groupby("pref_code")["fiscal_strength_index"].mean(),
                          "work": prefs["share_age15_64_pct"], "change": prefs["pop_change_rate_2015_2020_pct"]})
    return table, prefs.index[prefs["name"] == "富山県"][0]


def _toyama_rank(card_weight):
    """Rank of 富山県 in the composite index of notebook 06, with minmax normalisation done here."""
    table, toyama = _table06()
    norm = (table - table.min()) / (table.max() - table.min())
    index = (norm["card"] * card_weight + norm["fiscal"] + norm["work"] + norm["change"]) / (card_weight + 3)
    return int(index.rank(ascending=False, method="min")[toyama])


def _assignment(s):
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(s, maximize=True)
    kept = s[rows, cols] > 0
    return float(s[rows, cols][kept].sum()), int(kept.sum())


def _matching():
    from chiiki_lab.synthetic import matching

    shops, workers = matching.shops_and_workers(n_shops=10, n_workers=7, seed=5)
    s = matching.suitability(shops, workers).to_numpy()
    best, matched = _assignment(s)
    _, matched_two = _assignment(np.hstack([s, s]))  # each worker twice: up to two shops
    greedy, used_r, used_c = 0.0, set(), set()
    pairs = sorted((-s[r, c], r, c) for r in range(s.shape[0]) for c in range(s.shape[1]))  # ties: first row, column
    for value, r, c in ((-v, r, c) for v, r, c in pairs):
        if value > 0 and r not in used_r and c not in used_c:
            greedy, used_r, used_c = greedy + value, used_r | {r}, used_c | {c}
    return best, greedy, len(shops) - matched, len(shops) - len(workers), len(shops) - matched_two


def _kpi(**settings):
    from chiiki_lab.synthetic import kpi

    panel = kpi.platform_panel(seed=1, **settings)
    m = panel.groupby(["accepted", "post"])["sales_million_yen"].mean()
    ba, others = m[True, True] - m[True, False], m[False, True] - m[False, False]
    return ba, ba - others, m[True, True] - m[False, True]


def town_figures(code):
    """(ageing rate, change 1980→2020 %, rank of the ageing rate in the prefecture) computed here."""
    c = data("census2020")
    row = c.set_index("code").loc[code]
    ts = data("census_timeseries")
    pop = ts[ts["code"] == code].set_index("year")["population"]
    same = c[c["is_basic_municipality"] & (c["pref_code"] == code[:2])]
    rank = int((same["pop_age65p"] / same["population"] > row["pop_age65p"] / row["population"] + 1e-12).sum()) + 1
    return row["pop_age65p"] / row["population"] * 100, (pop[2020] / pop[1980] - 1) * 100, rank


def _sets():
    """{question: (full, partial, near misses, wrong or odd)}."""
    c = data("census2020")
    basic = c[c["is_basic_municipality"]]
    gunma = basic[basic["pref_name"] == "群馬県"].sort_values(["share_age65p_pct", "code"], ascending=[False, True]).head(5)
    pyramid = int(_age()[AGES].sum())
    groups = _age()[AGES].astype(int)
    west = basic[basic["pref_name"].isin(WEST)]
    wards = int(((c["level"] == "designated_city_ward") & c["pref_name"].isin(WEST)).sum())
    villages = (west["level"] == "village").sum() / len(west)
    unknown = _age()["age_unknown"]
    ccr = _age()["age_20_24"] / _proj(2015)["age_15_19"]
    ccr_prorated = ccr * _age()["population"] / (_age()["population"] - unknown)
    women = [f"age_{a}_{a + 4}" for a in (20, 25, 30, 35)]
    w = {y: _proj(y, "female")[women].sum() for y in (2015, 2040, 2045)}
    change = (w[2045] / w[2015] - 1) * 100
    f = data("furusato_fy2020")
    g = _gini(f.loc[f["is_basic_municipality"], "amount_yen"])
    d = data("furusato_deductions2021").set_index("code").loc["10425"]
    net = f.set_index("code").loc["10425", "amount_yen"] - d["deduction_muni_tax_yen"]
    rate = _t()["pop_age65p"] / _t()["population"] * 100
    rate_known = _t()["pop_age65p"] / (_t()["population"] - unknown) * 100
    names = gunma["name"].tolist()
    card = _card("2022-12-31").set_index("code").loc["10425"]
    card_rate = card["cards_issued"] / card["population_juki"] * 100
    early = _card("2021-12-01")
    nat = early["cards_issued"].sum() / early["population_juki"].sum() * 100
    r3, r1 = _toyama_rank(3), _toyama_rank(1)
    gunma_cards = _card("2022-12-31")[lambda x: x["pref_code"] == "10"].sort_values("issuance_rate_pct")
    best, greedy, unmatched, naive, unmatched_two = _matching()
    ba, did, after = _kpi()
    ba0, did0, _ = _kpi(true_effect=0)
    aging, change_town, rank = town_figures("10425")
    return {
        "1-1": ([rate, rate_known, round(rate, 1), f"{rate:.1f}%", pd.Series([rate]), np.float64(rate), "３７.２"], [],
                [rate / 100, round(rate), rate + 0.3, 100 - rate], [50.0, "abc", ..., None, {"a": 1}]),
        "1-2": ([names, gunma["code"].tolist(), ["群馬県" + n for n in names], gunma.set_index("name")["share_age65p_pct"],
                 gunma[["name", "share_age65p_pct"]], tuple(names), pd.Index(names)],
                [names[::-1], gunma["code"].tolist()[1:] + gunma["code"].tolist()[:1]],
                [names[:4] + ["前橋市"], basic.sort_values(["share_age65p_pct", "code"], ascending=[False, True])["name"].head(5).tolist()],
                [["東京都"], 42, ["南牧村", "つまごい"]]),
        "1-3": ([pyramid, float(pyramid), f"{pyramid:,}人", np.int64(pyramid)], [],
                [int(_t()["population"]), pyramid + 1], [0, "たくさん", pyramid + 0.5]),
        "1-4": ([groups.idxmax()[4:].replace("_", "-"), groups.idxmax()[4:].replace("_", "〜") + "歳", groups.idxmax(),
                 "６５－６９", (65, 69)], [], [groups.sort_values().index[-2][4:].replace("_", "-")], ["00-04", 65, ...]),
        "1-5": (["b", "B", "ｂ", "(b)", "b)"], [], ["a", "c", "d"], ["e", 2, "ab"]),
        "2-1": ([len(west), float(len(west)), f"{len(west)}団体", f"{len(west):,}"], [],
                [len(west) + wards, len(west) + 30], [1741, "多い", 0]),
        "2-2": (["高知県", "高知", "39000", "39", ["高知県"], pd.Series(["高知県"]), 39], [], ["秋田県"],
                ["東京都", "ヨコハマ", ["高知県", "愛媛県"]]),
        "2-3": ([villages * 100, villages, f"{villages * 100:.2f}%", round(villages * 100, 1)], [],
                [(west["level"] == "village").sum(), round(villages * 100)], [50, "村"]),
        "2-4": (["c", "C"], [], ["a", "b", "d"], ["x"]),
        "3-1": ([ccr, ccr_prorated, round(ccr, 2), round(ccr_prorated, 3), f"{ccr:.2f}倍"], [],
                [1 / ccr, _age()["age_15_19"] / _proj(2015)["age_15_19"], round(ccr, 1)], [2, "0.9x"]),
        "3-2": ([change, round(change, 1), f"{change:.1f}%"], [],
                [-change, w[2045] / w[2015] * 100, (w[2040] / w[2015] - 1) * 100, round(change)], [10, "減る"]),
        "3-3": ([int(_proj(2045)["population"]), f"{int(_proj(2045)['population']):,}人"], [],
                [int(_proj(2040)["population"]), int(_proj(2015)["population"])], [1, -5]),
        "3-4": (["a", "Ａ"], [], ["b", "c", "d"], ["z"]),
        "4-1": ([2, 2.0, "2倍", "２", 2.004], [], [0.5, 100, 2.02, 20], [7, "二倍"]),
        "4-2": ([100, "+100%", "１００％", "100.0"], [], [200, 1.0, 2], [42, "倍"]),
        "4-3": ([0.27, "0.27倍", 0.2704], [], [-73, 0.3, 3000000 / 810000], [5, "少ない", 0.5]),
        "4-4": ([-73, "−73%", "-73.0", -72.96], [], [73, 27, round(-73 / 100, 2)], [10, "減"]),
        "4-5": (["b", "(b)"], [], ["a", "c", "d"], ["q", 3]),
        "5-1": ([g, round(g, 3), round(g, 4)], [], [_gini(f["amount_yen"]), round(g, 2)], [0.1, "高い", g * 100]),
        "5-2": ([net, round(net), f"{net:,.0f}円"], [], [net / 1000, net - d["deduction_pref_tax_yen"],
                                                           f.set_index("code").loc["10425", "amount_yen"]], [0, "黒字"]),
        "5-3": (["d", "Ｄ"], [], ["a", "b", "c"], ["k"]),
        "6-1": ([card_rate, round(card_rate, 1), f"{card_rate:.1f}%"], [],
                [card_rate / 100, early.set_index("code").loc["10425", "issuance_rate_pct"]], [5.0, "高い"]),
        "6-2": ([nat, round(nat, 1), round(nat, 2)], [], [early["issuance_rate_pct"].mean(), nat / 100, round(nat)],
                [1, "半分"]),
        "6-3": ([r3, float(r3), f"{r3}位", str(r3)], [], [r1] if r1 != r3 else [48 - r3], [0, "上位", r3 + 0.5]),
        "6-4": ([gunma_cards["name"].iloc[-1], gunma_cards["code"].iloc[-1], [gunma_cards["name"].iloc[-1]]], [],
                [gunma_cards["name"].iloc[0]], ["東京都", ["長野原町", "草津町"]]),
        "6-5": ([int(chiiki_lab.weight_sensitivity(
            pd.DataFrame(_table06()[0].to_numpy(), columns=["card_rate", "fiscal", "working_age", "pop_change"],
                         index=range(47)),
            {"card_rate": 1, "fiscal": 1, "working_age": 1, "pop_change": 1}, delta=0.3, n=200, seed=0
        ).loc[list(_table06()[0].index).index(_table06()[1]), "rank_range"])], [], [], [-1, "大きい"]),
        "7-1": ([best, round(best, 3)], [], [greedy, round(best, 1)], [100, "多い", best / 100]),
        "7-2": ([best - greedy, round(best - greedy, 3)], [], [greedy - best, greedy, best], [5, "少し"]),
        "7-3": ([unmatched, str(unmatched), f"{unmatched}店"], [], [naive, 10 - unmatched], [-1, "ない"]),
        "7-4": ([unmatched_two, f"{unmatched_two}店"], [], [unmatched] if unmatched != unmatched_two else [],
                [-1, "ない", 11]),
        "8-1": ([ba, round(ba, 1), round(ba, 2)], [], [did, after, -ba, round(ba)], [100, "増えた"]),
        "8-2": ([did, round(did, 1), round(did, 2)], [], [ba, after, -did, round(did)], [100, "効果あり"]),
        "8-3": (["c", "Ｃ", "(c)"], [], ["a", "b", "d"], ["z", 3]),
        "8-4": ([ba0, round(ba0, 1)], [], [ba, did0, round(ba0)], [100, "ない"]),
        "9-1": ([aging, round(aging, 1), f"{aging:.2f}%"], [], [100 - aging, aging / 100], [5.0, "高い"]),
        "9-2": ([change_town, round(change_town, 1)], [], [-change_town, change_town + 100], [50, "減った"]),
        "9-3": ([rank, str(rank), f"{rank}位"], [], [rank + 1], [0, "上"]),
    }


def _top(df, column, n=3, ascending=False, key="code"):
    return df.sort_values([column, "code"], ascending=[ascending, True])[key].head(n).tolist()


@cache
def _sets_12_15():
    """Chapters 12–15 (人口動態, 地方財政, 医療・介護, 地域経済), computed here from the bundled tables."""
    moves = data("juki_migration")
    census = data("census2020").set_index("code")
    gunma9 = moves[moves["pref_code"] == "10"].groupby(["code", "name"], as_index=False)["net_migration"].sum()
    top_net = _top(gunma9, "net_migration", key="name")
    net24 = moves[(moves["code"] == "10425") & (moves["year"] == 2024)]["net_migration"].iloc[0]
    rate24 = net24 / census.loc["10425", "population"] * 1000
    rate9 = moves.loc[moves["code"] == "10425", "net_migration"].sum() / census.loc["10425", "population"] * 1000
    n24 = moves.loc[moves["year"] == 2024, "net_migration"]
    n23 = moves.loc[moves["year"] == 2023, "net_migration"]
    gains = int((n24 > 0).sum())

    z = data("zaisei")
    fy = z[(z["fiscal_year"] == 2021) & z["is_basic_municipality"]]
    fy20 = z[(z["fiscal_year"] == 2020) & z["is_basic_municipality"]]
    gunma_fy = fy[fy["pref_code"] == "10"]
    rigid = int((fy["current_balance_ratio_pct"] >= 90).sum())
    base = census.loc["10425", "population"]
    pop, primary = fy["code"].map(census["population"]), fy["code"].map(census["share_primary_pct"])
    towns = fy["level"].isin(["town", "village"])
    peers = fy[towns & (pop >= 0.8 * base) & (pop <= 1.2 * base) & (primary >= 20) & (fy["code"] != "10425")]
    peer = float(peers["fiscal_strength_index"].median())

    k = data("kaigo_insurers_fy2023")
    gunma_k = k[k["pref_code"] == "10"]
    j = k[k["level"] == "national"].iloc[0]
    r75 = (j["certified_first_age75_79"] + j["certified_first_age80_84"]) / j["first_insured_75_84"] * 100
    r65 = (j["certified_first_age65_69"] + j["certified_first_age70_74"]) / j["first_insured_65_74"] * 100
    r85 = (j["certified_first_age85_89"] + j["certified_first_age90p"]) / j["first_insured_85p"] * 100
    m = k[k["code"] == "10201"].iloc[0]
    ipss = data("ipss2023_projection")
    old = ipss[(ipss["code"] == "10201") & (ipss["year"] == 2050)]["pop_age65p"].iloc[0]
    rate_m = m["certified_first"] / m["first_insured_total"]
    cert = float(old * rate_m)

    e = data("economic_census")
    y = e[(e["survey_year"] == 2021) & (e["industry_code"] != "total")]
    y16 = e[(e["survey_year"] == 2016) & (e["industry_code"] != "total")]
    p_share = y.loc[y["industry_code"] == "P", "employees"].sum() / y["employees"].sum() * 100
    p_total = (y.loc[y["industry_code"] == "P", "employees"].sum()
               / e.loc[(e["survey_year"] == 2021) & (e["industry_code"] == "total"), "employees"].sum() * 100)
    p_est = y.loc[y["industry_code"] == "P", "establishments"].sum() / y["establishments"].sum() * 100
    p_16 = y16.loc[y16["industry_code"] == "P", "employees"].sum() / y16["employees"].sum() * 100
    japan_m = y.loc[y["industry_code"] == "M", "employees"].sum() / y["employees"].sum()
    g = y[y["pref_code"] == "10"]
    gm = g[g["industry_code"] == "M"].set_index("code")
    gm = gm.assign(lq=gm["employees"] / g.groupby("code")["employees"].sum() / japan_m).reset_index()
    top_lq = _top(gm, "lq", key="name")
    zm = e[(e["code"] == "10425") & (e["industry_code"] == "M")].set_index("survey_year")["employees"]
    change = float((zm[2021] - zm[2016]) / zm[2016] * 100)
    return {
        "12-1": ([top_net, _top(gunma9, "net_migration")], [top_net[::-1]],
                 [_top(gunma9, "net_migration", ascending=True),
                  _top(moves[(moves["pref_code"] == "10") & (moves["year"] == 2024)], "net_migration")],
                 [["東京都"], ...]),
        "12-2": ([rate24, round(rate24, 2), f"{rate24:.2f}"], [], [rate9, float(net24), rate24 / 10], [5.0, "減った"]),
        "12-3": ([gains, f"{gains}団体", str(gains)], [], [int((n24 < 0).sum()), int((n23 > 0).sum()),
                                                         int((n24 >= 0).sum())], [0, "多い"]),
        "13-1": ([_top(gunma_fy, "fiscal_strength_index", key="name"), _top(gunma_fy, "fiscal_strength_index")],
                 [_top(gunma_fy, "fiscal_strength_index")[::-1]],
                 [_top(gunma_fy, "fiscal_strength_index", ascending=True), _top(fy, "fiscal_strength_index")],
                 [["東京都"]]),
        "13-2": ([rigid, f"{rigid}団体"], [], [int((fy["current_balance_ratio_pct"] < 90).sum()),
                                             int((fy["current_balance_ratio_pct"] > 90).sum()),
                                             int((fy20["current_balance_ratio_pct"] >= 90).sum())], [0, "多い"]),
        "13-3": ([peer, round(peer, 2)], [], [float(fy.loc[fy["code"] == "10425", "fiscal_strength_index"].iloc[0]),
                                               float(fy.loc[towns, "fiscal_strength_index"].median()),
                                               float(peers["fiscal_strength_index"].mean())], [1, "低い"]),
        "14-1": ([_top(gunma_k, "certification_rate_first_pct", 1), "群馬県南牧村"], [],
                 [_top(gunma_k, "certification_rate_first_pct", 1, ascending=True),
                  _top(gunma_k, "certified_first", 1)], [["嬬恋村"]]),
        "14-2": ([r75, round(r75, 1), f"{r75:.1f}%"], [], [float(j["certified_first"] / j["first_insured_total"] * 100),
                                                           r65, r85, r75 / 100], [100, "高い"]),
        "14-3": ([cert, round(cert), round(cert, 1)], [],
                 [float(census.loc["10201", "pop_age65p"] * rate_m),
                  float(old * m["certified_total"] / m["first_insured_total"]), float(m["certified_first"])],
                 [0, "増える"]),
        "15-1": ([p_share, round(p_share, 1), p_total, f"{p_share:.1f}%"], [], [p_est, p_16, p_share / 2, p_share / 100],
                 [50, "多い"]),
        "15-2": ([top_lq, _top(gm, "lq")], [top_lq[::-1]], [_top(gm, "employees"), _top(gm, "lq", ascending=True)],
                 [["東京都"]]),
        "15-3": ([change, round(change, 1)], [], [float((zm[2016] - zm[2021]) / zm[2021] * 100),
                                                   float(zm[2021] - zm[2016]), -change], [0, "減った"]),
    }

def _decoded(value):
    """A TOML answer as the learner would have it: {ellipsis = true} → ..., {series = [...]} → a Series…"""
    if isinstance(value, dict):
        (form, inner), = value.items()
        return {"ellipsis": lambda v: ..., "none": lambda v: None, "series": pd.Series, "set": set,
                "tuple": tuple}[form](inner)
    return value


def _data_cases() -> list[Case]:
    found = []
    for path in sorted(DATA.glob("*.toml")):
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("case", []):
            kind = "near" if entry.get("near") else ("right" if entry["status"] != "zero" else "wrong")
            found += [Case(entry["question"], _decoded(a), entry["status"], kind, entry.get("town"))
                      for a in entry["answers"]]
    return found


@cache
def answer_set() -> tuple[Case, ...]:
    """Every case of the answer set: the exercise chapters computed here, then the data files."""
    found = []
    for qid, (full, partial, near, wrong) in {**_sets(), **_sets_12_15(), **sets_ch16_21()}.items():
        town = TOWN.get(qid)
        found += [Case(qid, a, "full", "right", town) for a in full]
        found += [Case(qid, a, "partial", "right", town) for a in partial]
        found += [Case(qid, a, "zero", "near", town) for a in near]
        found += [Case(qid, a, "zero", "odd" if a is ... or a is None or isinstance(a, dict) else "wrong", town)
                  for a in wrong]
    return tuple(found + _data_cases())
