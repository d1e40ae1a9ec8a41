"""The answer set of exercises ch16–ch21 (see answer_set.py): accepted forms, near misses, wrong answers.

Expected values are computed here from the bundled data with pandas and a haversine written here (cell
centres from the JIS X 0410 formula), never with ``chiiki_lab.exercises.answers``, ``access`` or ``mesh``.
"""

from __future__ import annotations

from functools import cache

import numpy as np

import chiiki_lab


@cache
def data(name):
    return chiiki_lab.load(name)


def _centre(code: str) -> tuple[float, float]:
    """Centre of a 250 m cell from its 10-digit code (1st, 2nd, 3rd mesh, then two quarterings)."""
    lat = int(code[:2]) / 1.5 + int(code[4]) * 5 / 60 + int(code[6]) * 30 / 3600
    lon = int(code[2:4]) + 100 + int(code[5]) * 7.5 / 60 + int(code[7]) * 45 / 3600
    h, w = 30 / 3600, 45 / 3600
    for digit in code[8:10]:
        h, w = h / 2, w / 2
        lat += h if digit in "34" else 0
        lon += w if digit in "24" else 0
    return lat + h / 2, lon + w / 2


def _beyond(code, sites, metres, weight="population"):
    mesh = data("census2020_mesh250m")
    cells = mesh[mesh["code"] == code]
    lat, lon = np.radians(np.array([_centre(c) for c in cells["mesh_code"]])).T
    slat, slon = np.radians(sites["lat"].to_numpy(float)), np.radians(sites["lon"].to_numpy(float))
    a = np.sin((slat[None] - lat[:, None]) / 2) ** 2 + \
        np.cos(lat[:, None]) * np.cos(slat[None]) * np.sin((slon[None] - lon[:, None]) / 2) ** 2
    d = 2 * 6_371_008.8 * np.arcsin(np.sqrt(a)).min(axis=1)
    return int(cells.loc[d > metres, weight].sum())


def _top3(series, ascending=False):
    df = series.rename("v").reset_index()
    return df.sort_values(["v", "code"], ascending=[ascending, True])["code"].head(3).tolist()


def sets() -> dict:
    """{question: (full, partial, near, wrong)} for ch16–ch21: exercises ("16-1") and in-lesson practice ("16-a")."""
    return _exercises() | _lessons()


def _lessons() -> dict:
    sites = data("shelters_gunma")
    volcano = sites[(sites["kind"] == "emergency_site") & sites["hz_volcano"].fillna(False).astype(bool)]
    mesh = data("census2020_mesh250m")
    z = mesh[mesh["code"] == "10425"]
    n50, far = int((z["population"] >= 50).sum()), _beyond("10425", volcano, 1000)
    stops = data("gtfs_kanetsu_stops")
    own = stops[stops["code"] == "10421"]
    served = stops[stops["departures_weekday"] >= 10]
    far_old, far_all = _beyond("10421", served, 500, "pop_65p"), _beyond("10421", served, 500)
    flow = data("jinryu_nagano_municipal")
    k = flow[(flow["code"] == "20321") & (flow["dayflag"] == 2) & (flow["timezone"] == 0)].set_index(["year", "month"])
    ratio = float(k.loc[(2020, 8), "stay_population"] / k.loc[(2019, 8), "stay_population"])
    lodging = data("lodging_guest_nights")
    g = lodging[lodging["code"] == "10000"].groupby("year")["guest_nights_total"].sum()
    change = float((g[2021] / g[2019] - 1) * 100)
    t = data("opendata_templates")
    lat = int(t.loc[t["column"] == "緯度", "template"].nunique())
    tourism = data("opendata_shimabara_tourism")
    everyday = int((tourism["利用可能曜日"] == "月火水木金土日").sum())
    cards = data("mynumbercard")
    rate = float(cards[(cards["code"] == "10425") & (cards["as_of"] == "2022-12-31")]["issuance_rate_pct"].iloc[0])
    ipss = data("ipss2023_projection")
    pct = float(ipss[(ipss["code"] == "10425") & (ipss["year"] == 2050)]["population"].iloc[0] / 8850 * 100)
    return {
        "16-a": ([n50, str(n50)], [], [len(z)], [0, "多い"]),
        "16-b": ([far, f"{far:,}人"], [], [int(z["population"].sum()) - far], [0, "少ない"]),
        "16-c": (["b", "Ｂ"], [], ["a"], ["c", "d", "z"]),
        "17-a": ([int((own["departures_weekday"] >= 10).sum())], [], [len(own)], [0, "多い"]),
        "17-b": ([far_old, f"{far_old:,}人"], [], [far_all], [0, "半分"]),
        "17-c": (["c", "(c)"], [], ["b", "d"], ["a", "x"]),
        "18-a": ([ratio, round(ratio, 2), f"{ratio:.2f}倍"], [], [1 / ratio], [2.0, "減った"]),
        "18-b": ([change, round(change, 1), f"{change:.1f}%"], [], [g[2021] / g[2019] * 100], [41.0, "減った"]),
        "18-c": (["b"], [], ["a", "c", "d"], ["z"]),
        "19-a": ([lat, str(lat)], [], [int(t["template"].nunique())], [0, "多い"]),
        "19-b": ([4, "4"], [], [3], [0, "たくさん"]),
        "19-c": ([everyday, f"{everyday}件"], [], [len(tourism)], [0, "毎日"]),
        "20-a": ([rate, f"{rate}%", rate / 100], [], [57.1], [100.0, "高い"]),
        "20-b": (["b"], [], ["a", "d"], ["c", "z"]),
        "20-c": (["b"], [], ["a", "d"], ["c", "z"]),
        "20-d": (["b"], [], ["a"], ["c", "d"]),
        "21-a": ([pct, round(pct, 1), f"{pct:.1f}%"], [], [100 - pct], [0.0, "減る"]),
        "21-b": (["a", "Ａ"], [], ["d"], ["b", "c"]),
        "21-c": ([22, "22", "22年"], [], [21, 52], [2040, "令和"]),
    }


def _exercises() -> dict:
    sites = data("shelters_gunma")
    volcano = sites[(sites["kind"] == "emergency_site") & sites["hz_volcano"].fillna(False).astype(bool)]
    mesh = data("census2020_mesh250m")
    naga_total = int(mesh.loc[mesh["code"] == "10424", "population"].sum())
    naga_far = _beyond("10424", volcano, 1000)
    census = data("census2020")
    gunma = census[census["is_basic_municipality"] & (census["pref_code"] == "10")].set_index("code")
    per = gunma["population"] / sites[sites["kind"] == "designated_shelter"].groupby("code").size().reindex(gunma.index)
    per_top = _top3(per)
    names = census.set_index("code")["name"]

    stops = data("gtfs_kanetsu_stops")
    zero = int((stops["departures_weekday"] == 0).sum())
    busiest = _top3(stops.groupby("code")["departures_weekday"].sum())
    by_poles = _top3(stops.groupby("code").size())
    strict = _beyond("10421", stops[stops["departures_weekday"] >= 20], 500)
    lesson_def = _beyond("10421", stops[stops["departures_weekday"] >= 10], 500)

    lodging = data("lodging_guest_nights")
    n19 = lodging[(lodging["code"] == "20000") & (lodging["year"] == 2019)]
    peak = int(n19.sort_values(["guest_nights_total", "month"], ascending=[False, True])["month"].iloc[0])
    share = float(n19["guest_nights_foreign"].sum() / n19["guest_nights_total"].sum() * 100)
    flow = data("jinryu_nagano_municipal")
    noon = flow[(flow["year"] == 2019) & (flow["dayflag"] == 2) & (flow["timezone"] == 0)]
    wide = noon.pivot_table(index="code", columns="month", values="stay_population").dropna(subset=[1, 8])
    summer = _top3(wide[8] / wide[1])

    templates = data("opendata_templates")
    n_evac = int((templates["template"] == "evacuation_space").sum())
    tourism = data("opendata_shimabara_tourism")
    on_foot = int(tourism["アクセス方法"].str.contains("徒歩").sum())
    no_url = int(templates["template"].nunique() - templates.loc[templates["column"] == "URL", "template"].nunique())

    cards = data("mynumbercard")
    last = cards[cards["as_of"] == "2022-12-31"]
    g = last[last["pref_code"] == "10"]
    g_rate = float(g["cards_issued"].sum() / g["population_juki"].sum() * 100)
    g_top = _top3(g.set_index("code")["issuance_rate_pct"])

    ipss = data("ipss2023_projection")
    z50 = ipss[(ipss["code"] == "10425") & (ipss["year"] == 2050)].iloc[0]
    older = float(z50["pop_age65p"] / z50["population"] * 100)
    gi = ipss[ipss["is_basic_municipality"] & (ipss["pref_code"] == "10")].pivot_table(
        index="code", columns="year", values="population")
    halved = int((gi[2050] / gi[2020] < 0.5).sum())

    return {
        "16-1": ([naga_total, f"{naga_total:,}人", str(naga_total)], [],
                 [int(census.set_index("code").loc["10424", "population"])], [0, "多い", naga_total + 100]),
        "16-2": ([naga_far, f"{naga_far}人"], [], [], [naga_total, -1, "遠い"]),
        "16-3": ([per_top, [names[c] for c in per_top]], [per_top[::-1]], [_top3(per, ascending=True)],
                 [["10201", "10202", "10203"], None]),
        "17-1": ([zero, f"{zero}か所", str(zero)], [], [len(stops) - zero], [0, "少ない"]),
        "17-2": ([busiest, [names[c] for c in busiest]], [busiest[::-1]],
                 [by_poles] if by_poles != busiest else [], [["10443", "10345", "09206"], ...]),
        "17-3": ([strict, f"{strict:,}人"], [], [lesson_def], [0, "半分"]),
        "18-1": ([peak, f"{peak}月", str(peak)], [], [], [13, "夏", 0]),
        "18-2": ([share, round(share, 1), f"{share:.1f}%", share / 100], [], [float(n19["foreign_share_pct"].mean())],
                 [50.0, "少ない"]),
        "18-3": ([summer, [names[c] for c in summer]], [summer[::-1]], [_top3(wide[8] / wide[1], ascending=True)],
                 [["20201", "20202", "20203"], None]),
        "19-1": ([n_evac, str(n_evac)], [], [30], [0, "多い"]),
        "19-2": ([on_foot, f"{on_foot}件"], [], [len(tourism) - on_foot], [0, "全部"]),
        "19-3": ([no_url, str(no_url)], [], [int(templates["template"].nunique()) - no_url], [-1, "ない"]),
        "20-1": ([g_rate, round(g_rate, 1), f"{g_rate:.1f}%", g_rate / 100], [], [float(g["issuance_rate_pct"].mean())],
                 [90.0, "高い"]),
        "20-2": ([g_top, [names[c] for c in g_top]], [g_top[::-1]],
                 [_top3(g.set_index("code")["issuance_rate_pct"], ascending=True)], [["10201", "10202", "10203"]]),
        "20-3": (["b", "Ｂ", "(b)"], [], ["d"], ["a", "c", "z"]),
        "21-1": ([older, round(older, 1), f"{older:.1f}%", older / 100], [],
                 [float(census.set_index("code").loc["10425", "share_age65p_pct"])], [100.0, "高い"]),
        "21-2": (["c", "Ｃ"], [], ["a"], ["b", "d", "x"]),
        "21-3": ([halved, f"{halved}団体", str(halved)], [], [len(gi) - halved], [-1, "多い"]),
    }
