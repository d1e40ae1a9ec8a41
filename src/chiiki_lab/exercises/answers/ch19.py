"""Chapter 19 (オープンデータ: 自治体標準オープンデータセット): in-lesson 19-a…c and exercise 19-1…3.

Counts are taken from the bundled tables directly (not through chiiki_lab.opendata.check_template).
"""

from __future__ import annotations


def _templates(ctx):
    return ctx.load("opendata_templates")


def _tourism(ctx):
    return ctx.load("opendata_shimabara_tourism")


# ---------------------------------------------------------------- in-lesson
def templates_with_lat(ctx) -> int:
    t = _templates(ctx)
    return int(t.loc[t["column"] == "緯度", "template"].nunique())


def templates_with_lat_mistakes(ctx) -> dict[str, int]:
    t = _templates(ctx)
    return {"without": int(t["template"].nunique()) - templates_with_lat(ctx), "all": int(t["template"].nunique())}


def finding_kinds(ctx) -> int:
    # the lesson builds its broken copy by hand: a renamed 緯度 column (reported as missing and as extra),
    # one full-width 経度 and one 5-digit code — four kinds of finding from three planted problems
    return len({"missing_column", "extra_column", "coordinate", "code"})


def finding_kinds_mistakes(ctx) -> dict[str, int]:
    return {"problems_planted": 3}


def everyday(ctx) -> int:
    return int((_tourism(ctx)["利用可能曜日"].str.strip() == "月火水木金土日").sum())


def everyday_mistakes(ctx) -> dict[str, int]:
    t = _tourism(ctx)
    return {"not_everyday": len(t) - everyday(ctx), "all": len(t)}


# ---------------------------------------------------------------- exercise
def evacuation_columns(ctx) -> int:
    return int((_templates(ctx)["template"] == "evacuation_space").sum())


def evacuation_columns_mistakes(ctx) -> dict[str, int]:
    t = _templates(ctx)
    return {"tourism": int((t["template"] == "tourism").sum())}


def on_foot(ctx) -> int:
    return int(_tourism(ctx)["アクセス方法"].str.contains("徒歩").sum())


def on_foot_mistakes(ctx) -> dict[str, int]:
    t = _tourism(ctx)
    return {"not_on_foot": len(t) - on_foot(ctx), "station": int(t["アクセス方法"].str.contains("駅").sum())}


def templates_without_url(ctx) -> int:
    t = _templates(ctx)
    return int(t["template"].nunique() - t.loc[t["column"] == "URL", "template"].nunique())


def templates_without_url_mistakes(ctx) -> dict[str, int]:
    t = _templates(ctx)
    return {"with_url": int(t.loc[t["column"] == "URL", "template"].nunique())}
