"""Expected values and known mistakes of the in-lesson practice 「やってみよう」 of notebook 02."""

from __future__ import annotations

# the 30 府県 of NTT西日本, as in the notebook
WEST = ("富山県", "石川県", "福井県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
        "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県",
        "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県")


def _basic(ctx):
    census = ctx.load("census2020")
    return census[census["is_basic_municipality"]]


def gunma_over40(ctx) -> int:
    basic = _basic(ctx)
    return int((basic.loc[basic["pref_name"] == "群馬県", "share_age65p_pct"] >= 40).sum())


def gunma_over40_mistakes(ctx) -> dict[str, int]:
    basic = _basic(ctx)
    gunma = basic[basic["pref_name"] == "群馬県"]
    return {"japan": int((basic["share_age65p_pct"] >= 40).sum()),
            "below": int((gunma["share_age65p_pct"] < 40).sum())}


def _prefectures(ctx):
    census = ctx.load("census2020")
    return census[census["level"] == "prefecture"].sort_values(["pop_density_per_km2", "code"], ascending=[False, True])


def densest(ctx) -> list[str]:
    return _prefectures(ctx)["code"].head(1).tolist()


def densest_mistakes(ctx) -> dict[str, list[str]]:
    return {"sparsest": _prefectures(ctx)["code"].tail(1).tolist(),
            "second": _prefectures(ctx)["code"].iloc[1:2].tolist()}


def _west(ctx):
    basic = _basic(ctx)
    return basic[basic["pref_name"].isin(WEST)]


def west_without_villages(ctx) -> int:
    west = _west(ctx)
    return len(WEST) - int(west.loc[west["level"] == "village", "pref_name"].nunique())


def west_without_villages_mistakes(ctx) -> dict[str, int]:
    west = _west(ctx)
    return {"with": int(west.loc[west["level"] == "village", "pref_name"].nunique()),
            "villages": int((west["level"] == "village").sum())}
