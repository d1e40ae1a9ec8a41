"""Learner checks (right / other form / wrong / near miss for every question), hints, progress,
the source format, the build, and that nothing secret reaches learners."""

from __future__ import annotations

import importlib
import json
import zipfile
from functools import cache, lru_cache

import numpy as np
import pandas as pd
import pytest

import chiiki_lab
from chiiki_lab.exercises import check, hint, judge, progress
from chiiki_lab.exercises.questions import QUESTIONS

WEST = ["富山県", "石川県", "福井県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
        "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県",
        "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"]


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


def cases():
    """{question: (right answers in several forms, wrong answers, near misses)} computed here with pandas."""
    c = data("census2020")
    basic = c[c["is_basic_municipality"]]
    gunma = basic[basic["pref_name"] == "群馬県"].nlargest(5, "share_age65p_pct")
    ages = [f"age_{a:02d}_{a + 4:02d}" for a in range(0, 100, 5)] + ["age_100p"]
    pyramid = int(_age()[ages].sum())
    groups = _age()[ages].astype(int)
    west = basic[basic["pref_name"].isin(WEST)]
    wards = int(((c["level"] == "designated_city_ward") & c["pref_name"].isin(WEST)).sum())
    villages = (west["level"] == "village").sum() / len(west)
    ccr = _age()["age_20_24"] / _proj(2015)["age_15_19"]
    women = [f"age_{a}_{a + 4}" for a in (20, 25, 30, 35)]
    w = {y: _proj(y, "female")[women].sum() for y in (2015, 2040, 2045)}
    change = (w[2045] / w[2015] - 1) * 100
    f = data("furusato_fy2020")
    g = _gini(f.loc[f["is_basic_municipality"], "amount_yen"])
    d = data("furusato_deductions2021").set_index("code").loc["10425"]
    net = f.set_index("code").loc["10425", "amount_yen"] - d["deduction_muni_tax_yen"]
    rate = _t()["share_age65p_pct"]
    return {**_cases_0_and_6_to_9(), 
        "1-1": ([rate, round(rate, 1), f"{rate:.1f}%", pd.Series([rate])], [50.0, "abc", ...],
                [rate / 100, round(rate), rate + 0.3]),
        "1-2": ([gunma["name"].tolist(), set(gunma["name"]), gunma["name"], gunma["code"].tolist()[::-1],
                 ["群馬県" + n for n in gunma["name"]], gunma.set_index("name")["share_age65p_pct"], gunma[["name", "share_age65p_pct"]]],
                [["東京都"], 42], [gunma["name"].tolist()[:4] + ["前橋市"], basic.nlargest(5, "share_age65p_pct")["name"].tolist()]),
        "1-3": ([pyramid, float(pyramid), f"{pyramid:,}人"], [0, "たくさん"], [int(_t()["population"]), pyramid + 1]),
        "1-4": ([groups.idxmax()[4:].replace("_", "-"), groups.idxmax()[4:].replace("_", "〜") + "歳", groups.idxmax(),
                 "６５－６９", (65, 69)], ["00-04", 65], [groups.sort_values().index[-2][4:].replace("_", "-")]),
        "1-5": (["b", "B", "ｂ", "(b)"], ["e", 2], ["a", "d"]),
        "2-1": ([len(west), float(len(west))], [1741, "多い"], [len(west) + wards, len(west) + 30]),
        "2-2": (["高知県", "高知", "39000", "39", ["高知県"], pd.Series(["高知県"])], ["東京都", "ヨコハマ"], ["秋田県"]),
        "2-3": ([villages * 100, villages, f"{villages * 100:.2f}%"], [50, "村"], [(west["level"] == "village").sum()]),
        "2-4": (["c", "C"], ["x"], ["a", "b", "d"]),
        "3-1": ([ccr, round(ccr, 3)], [2, "0.9x"], [1 / ccr, _age()["age_15_19"] / _proj(2015)["age_15_19"], ccr * 100]),
        "3-2": ([change, round(change, 1), round(change)], [10, "減る"], [-change, w[2045] / w[2015] * 100,
                                                                      (w[2040] / w[2015] - 1) * 100]),
        "3-3": ([int(_proj(2045)["population"]), str(int(_proj(2045)["population"]))], [1, -5],
                [int(_proj(2040)["population"])]),
        "3-4": (["a", "Ａ"], ["z"], ["b", "c", "d"]),
        "4-1": ([2, 2.0, "2倍", "２"], [7, "二倍"], [100, 0.5]),
        "4-2": ([100, "+100%", "１００％"], [42, "倍"], [200, 1.0, 2]),
        "4-3": ([0.27, "0.27倍"], [5, "少ない"], [-73, 0.73]),
        "4-4": ([-73, "−73%", "-73.0"], [10, "減"], [73, -0.73, 27]),
        "4-5": (["b"], ["q"], ["a", "c", "d"]),
        "5-1": ([g, round(g, 3)], [0.1, "高い"], [g * 100, _gini(f["amount_yen"])]),
        "5-2": ([net, round(net)], [0, "黒字"], [net / 1000, net - d["deduction_pref_tax_yen"], -net]),
        "5-3": (["d", "Ｄ"], ["k"], ["a", "b", "c"]),
    }


def _card(as_of):
    card = data("mynumbercard")
    return card[card["is_basic_municipality"] & (card["as_of"] == as_of)]


def _toyama_rank(card_weight):
    """Rank of 富山県 in the composite index of notebook 06, with minmax normalisation done here."""
    c = data("census2020")
    last = _card("2022-12-31").groupby("pref_code")[["cards_issued", "population_juki"]].sum()
    z = data("zaisei")
    z = z[(z["fiscal_year"] == 2021) & z["is_basic_municipality"] & ~z["note_value_in_parentheses"]]
    prefs = c[c["level"] == "prefecture"].set_index("pref_code")
    table = pd.DataFrame({"card": last["cards_issued"] / last["population_juki"],
                          "fiscal": z.groupby("pref_code")["fiscal_strength_index"].mean(),
                          "work": prefs["share_age15_64_pct"], "change": prefs["pop_change_rate_2015_2020_pct"]})
    norm = (table - table.min()) / (table.max() - table.min())
    index = (norm["card"] * card_weight + norm["fiscal"] + norm["work"] + norm["change"]) / (card_weight + 3)
    return int(index.rank(ascending=False, method="min")[prefs.index[prefs["name"] == "富山県"][0]])


def _matching():
    from scipy.optimize import linear_sum_assignment

    from chiiki_lab.synthetic import matching

    shops, workers = matching.shops_and_workers(n_shops=10, n_workers=7, seed=5)
    s = matching.suitability(shops, workers).to_numpy()
    rows, cols = linear_sum_assignment(s, maximize=True)
    kept = s[rows, cols] > 0
    greedy, used_r, used_c = 0.0, set(), set()
    pairs = sorted((-s[r, c], r, c) for r in range(s.shape[0]) for c in range(s.shape[1]))  # ties: first row, column
    for value, r, c in ((-v, r, c) for v, r, c in pairs):
        if value > 0 and r not in used_r and c not in used_c:
            greedy, used_r, used_c = greedy + value, used_r | {r}, used_c | {c}
    return float(s[rows, cols][kept].sum()), greedy, len(shops) - int(kept.sum()), len(shops) - len(workers)


def _kpi():
    from chiiki_lab.synthetic import kpi

    panel = kpi.platform_panel(seed=1)
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


TOWN = {"9-1": "嬬恋村", "9-2": "嬬恋村", "9-3": "嬬恋村"}


def _cases_0_and_6_to_9():
    pop = int(_t()["population"])
    ts = data("census_timeseries")
    pop2015 = int(ts[(ts["code"] == "10425") & (ts["year"] == 2015)]["population"].iloc[0])
    card = _card("2022-12-31").set_index("code").loc["10425"]
    rate = card["cards_issued"] / card["population_juki"] * 100
    early = _card("2021-12-01")
    nat = early["cards_issued"].sum() / early["population_juki"].sum() * 100
    r3, r1 = _toyama_rank(3), _toyama_rank(1)
    best, greedy, unmatched, naive = _matching()
    ba, did, after = _kpi()
    aging, change, rank = town_figures("10425")
    return {
        "0-1": ([pop, float(pop), f"{pop:,}人"], [0, "多い"], [pop2015, int(_t()["pop_male"])]),
        "6-1": ([rate, round(rate, 1), f"{rate:.2f}%"], [5.0, "高い"],
                [rate / 100, early.set_index("code").loc["10425", "issuance_rate_pct"]]),
        "6-2": ([nat, round(nat, 2)], [1, "半分"], [early["issuance_rate_pct"].mean(), nat / 100]),
        "6-3": ([r3, float(r3)], [0, "上位"], [r1] if r1 != r3 else [48 - r3]),
        "7-1": ([best, round(best, 3)], [100, "多い"], [greedy, best / 100]),
        "7-2": ([best - greedy, round(best - greedy, 3)], [5, "少し"], [greedy - best, greedy, best]),
        "7-3": ([unmatched, str(unmatched)], [-1, "ない"], [naive, 10 - unmatched]),
        "8-1": ([ba, round(ba, 2)], [100, "増えた"], [did, after, -ba]),
        "8-2": ([did, round(did, 2)], [100, "効果あり"], [ba, after, -did]),
        "8-3": (["c", "Ｃ", "(c)"], ["z", 3], ["a", "b", "d"]),
        "9-1": ([aging, round(aging, 1), f"{aging:.2f}%"], [5.0, "高い"], [100 - aging, aging / 100]),
        "9-2": ([change, round(change, 1)], [50, "減った"], [-change, change + 100]),
        "9-3": ([rank, str(rank)], [0, "上"], [rank + 1]),
    }


CASES = cases()
check_module = importlib.import_module("chiiki_lab.exercises.check")  # the package attribute is the function
AUTO = [q for q, spec in QUESTIONS.items() if spec.kind != "manual"]


def test_every_question_has_cases():
    assert sorted(CASES) == sorted(AUTO)


@pytest.mark.parametrize("qid", AUTO)
def test_right_answers_in_every_form_pass(qid):
    for answer in CASES[qid][0]:
        verdict = judge(qid, answer, town=TOWN.get(qid))
        assert verdict.ok, (qid, answer, verdict.ja)


@pytest.mark.parametrize("qid", AUTO)
def test_wrong_answers_fail(qid):
    for answer in CASES[qid][1]:
        assert not judge(qid, answer, town=TOWN.get(qid)).ok, (qid, answer)


@pytest.mark.parametrize("qid", AUTO)
def test_near_misses_fail_and_say_what_went_wrong(qid):
    for answer in CASES[qid][2]:
        verdict = judge(qid, answer, town=TOWN.get(qid))
        assert not verdict.ok, (qid, answer)
        assert verdict.mistake, (qid, answer, verdict.ja)


@pytest.mark.parametrize("qid", AUTO)
def test_every_known_mistake_is_rejected_with_its_message(qid):
    for m in QUESTIONS[qid].mistakes("10425") if qid in TOWN else QUESTIONS[qid].mistakes():
        verdict = judge(qid, m.value, town=TOWN.get(qid))
        assert not verdict.ok and verdict.ja == m.ja, (qid, m.value, verdict.ja)


@pytest.mark.parametrize(("qid", "answer", "message"), [
    ("1-1", 0.3715, "0〜1の比になっています。この問いは % で答えます（100を掛けます）。"),
    ("1-1", 37, "整数に丸めすぎています。小数のまま（または問いの桁まで）答えてください。"),
    ("1-1", ..., "まだ答えが入っていません（... のまま）。数値を入れてください。"),
    ("1-3", 8850, "総人口（年齢不詳 15 人を含む）です。ピラミッドには年齢不詳は描かれません。5歳階級の列だけを合計してください。"),
    ("2-1", 993, "政令市の区も数えています（市と区の二重計上）。is_basic_municipality が True の行だけを数えてください。"),
    ("2-1", 981, "政令市を市ではなく区の数で数えています。政令市は市全体で1つと数えます（is_basic_municipality）。"),
    ("2-2", "北海道", "全国で最も高い県です。地図に描いた西日本の30府県の中で答えてください。"),
    ("4-2", 200, "「変化前の何%か」になっています。増減率は (倍率 − 1) × 100 です。2倍は +100% です。"),
    ("4-4", 73, "符号が逆です。増えたならプラス、減ったならマイナスです。"),
    ("5-2", 100644.381, "単位が違うようです（千円と円など）。問いの単位で答えてください。"),
    ("1-2", ["南牧村", "つまごい"], "「つまごい」が市区町村名・都道府県名・コードとして見つかりません。書き方を確かめてください。"),
    ("1-5", "ab", "記号（a・b・c・d のどれか1つ）で答えてください。"),
])
def test_messages(qid, answer, message):
    if qid == "2-2":  # 秋田県 is the oldest prefecture of Japan; 北海道 is neither: plain "wrong"
        assert judge(qid, "秋田県").ja == message
        assert judge(qid, answer).ja == "1つのうち 0 つが合っています。絞り込みと並べ替えを確かめてください。"
        return
    assert judge(qid, answer).ja == message


@pytest.mark.parametrize("town", ["郡山市", "07203", "東京都府中市", "大阪市"])
def test_chapter9_checks_the_learners_own_town(town):
    code = chiiki_lab.resolve(town).code
    aging, change, rank = town_figures(code)
    tsumagoi = town_figures("10425")
    for qid, right, other in zip(["9-1", "9-2", "9-3"], [aging, change, rank], tsumagoi, strict=True):
        assert judge(qid, right, town=town).ok, (qid, town)
        assert not judge(qid, other, town=town).ok, (qid, town)  # 嬬恋村's figure is wrong for another town


NO_TOWN = ('市町村が指定されていません。check("9-1", 答え, town=LEARNER_TOWN) のように、LEARNER_TOWN に選んだ市町村の名前か'
           'コードを入れて渡してください。')


@pytest.mark.parametrize(("town", "message"), [
    (None, NO_TOWN),
    ("", NO_TOWN),
    ("横浜市中区", "神奈川県横浜市中区（14104） は市区町村ではありません（政令市の区・都道府県など）。市区町村（政令市は市全体）を選んでください。"),
])
def test_chapter9_town_problems(town, message):
    assert judge("9-1", 30.0, town=town).ja == message


def test_chapter9_ambiguous_town_says_how_to_fix_it():
    assert judge("9-1", 30.0, town="府中市").ja.startswith("「府中市」に当てはまる市区町村が 2 件あります")


def test_national_card_rate_is_not_the_mean_of_rates():
    mean = _card("2021-12-01")["issuance_rate_pct"].mean()
    assert judge("6-2", mean).ja.startswith("市区町村の交付率の単純平均です。")


def test_shared_names_resolve_to_the_intended_place():
    # 南牧村 exists in Gunma and Nagano; 金山町 in Yamagata and Fukushima
    assert judge("1-2", ["南牧村", "神流町", "下仁田町", "上野村", "川場村"]).ok
    national = data("census2020")[data("census2020")["is_basic_municipality"]].nlargest(5, "share_age65p_pct")
    assert judge("1-2", national["name"].tolist()).ja.startswith("全国の上位5つになっています。")


def test_english(english):
    assert judge("4-1", 0.5).message == "The division is upside down: after ÷ before."
    assert str(judge("4-1", 2)) == "✓ 4-1: Correct."


def test_unknown_question():
    with pytest.raises(chiiki_lab.errors.ChiikiLabValueError) as e:
        judge("9-9", 1)
    assert str(e.value) == '問題番号 \'9-9\' はありません。ノートブックに書かれた番号（例: "1-1"）を指定してください。'


def test_check_hint_progress(capsys, monkeypatch):
    monkeypatch.setattr(check_module, "_results", {})
    monkeypatch.setattr(check_module, "_hints_shown", {})
    monkeypatch.delenv("CHIIKI_LAB_GRADING", raising=False)
    check("4-1", 2.0)
    check("4-2", 200)
    hint("4-2")
    hint("4-2")
    hint("4-2")
    progress()
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "✓ 4-1: 正解です。"
    assert out[1].startswith("✗ 4-2: 「変化前の何%か」") and out[2] == '  ヒント: hint("4-2")'
    assert out[3] == "ヒント 1/2（4-2）: 増減率 = (変化後 ÷ 変化前 − 1) × 100。"
    assert out[4] == "ヒント 2/2（4-2）: 2倍は「+200%」ではありません。"
    assert out[5].startswith("4-2 のヒントはこれで全部です") and out[6].startswith("ヒント 1/2")
    assert out[7] == "第4章: 1/5 ✓"
    assert out[8:10] == ["  ✓ 4-1 27,500 → 55,000 は何倍", "  ✗ 4-2 27,500 → 55,000 の増減率"]
    assert out[10].startswith("  ・ 4-3")


def test_check_is_silent_while_grading(capsys, monkeypatch):
    monkeypatch.setenv("CHIIKI_LAB_GRADING", "1")
    check("4-1", 0.5)
    assert capsys.readouterr().out == '（採点中のため check("4-1") は省略）\n'


# --------------------------------------------------------------------------- authoring and build


def test_strip_solutions():
    from chiiki_lab.exercises.author import strip_solutions

    code = "a = 1\n    # BEGIN SOLUTION\n    b = a * 2\n    # END SOLUTION\nc = b + 1  # SOLUTION\nd = c == 2"
    assert strip_solutions(code) == "a = 1\n    ...\nc = ...\nd = c == 2"


def test_source_format_errors(tmp_path):
    import nbformat

    from chiiki_lab.exercises.author import parse_source

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_raw_cell("# ASSIGNMENT CONFIG\nname: t"),
        nbformat.v4.new_raw_cell("# BEGIN QUESTION\nname: 4-1\nanswer: r"),
        nbformat.v4.new_code_cell("r = 2  # SOLUTION"),
        nbformat.v4.new_raw_cell("# BEGIN TESTS"),
        nbformat.v4.new_code_cell("assert r == 2"),
        nbformat.v4.new_raw_cell("# END TESTS"),
        nbformat.v4.new_raw_cell("# END QUESTION"),
    ])
    path = tmp_path / "t.ipynb"
    nbformat.write(nb, str(path))
    with pytest.raises(chiiki_lab.errors.ChiikiLabValueError) as e:
        parse_source(path)
    assert str(e.value) == (f"{path}: 4-1: TESTS の中には '# HIDDEN' で始まるコードセルだけを置きます"
                            "（公開チェックは check(...) のセルで書きます）。")
    nb.cells[4].source = "# HIDDEN\nassert value == 2"
    nb.cells[2].source = "r = 2  # SOLUTION\nprint('r = 2')"
    nbformat.write(nb, str(path))
    ex = parse_source(path)
    assert ex.questions[0].hidden == ["# HIDDEN\nassert value == 2"]
    assert ex.learner.cells[0].source.endswith("r = ...\nprint('r = 2')")


@lru_cache(maxsize=1)
def exercises():
    from chiiki_lab.exercises.author import load_exercises

    return load_exercises()


def _all_text(nb_path) -> str:
    raw = nb_path.read_text(encoding="utf-8")
    nb = json.loads(raw)
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in nb["cells"]]
    return raw + "\n".join(sources) + json.dumps(nb["metadata"], ensure_ascii=False)


def test_every_chapter_has_enough_questions():
    for name, ex in exercises().items():
        auto = [q for q in ex.questions if not q.manual]
        assert len(auto) >= 3 and any(q.manual for q in ex.questions), name


def test_committed_learner_notebooks_match_the_sources():
    from chiiki_lab._paths import bundle_dir

    for name, ex in exercises().items():
        committed = json.loads((bundle_dir("exercises") / f"{name}.ipynb").read_text(encoding="utf-8"))
        def text(src):
            return "".join(src) if isinstance(src, list) else src

        assert [text(c["source"]) for c in committed["cells"]] == [text(c["source"]) for c in ex.learner["cells"]], name
        assert all(not c.get("outputs") for c in committed["cells"])


def test_no_solution_or_hidden_test_reaches_learners(tmp_path):
    from chiiki_lab.exercises.author import build, find_leaks
    from chiiki_lab.lab import copy_curriculum

    paths = build(tmp_path / "build")
    copied = copy_curriculum(tmp_path / "learner_home")
    assert not (tmp_path / "learner_home" / "exercises" / "_instructor").exists()
    learner_files = [p for p in copied.copied if p.suffix == ".ipynb"] + sorted((tmp_path / "build" / "learner").glob("*.ipynb"))
    assert len(learner_files) >= 10
    everything = "".join(_all_text(p) for p in learner_files)
    with zipfile.ZipFile(paths["learner_zip"]) as z:
        everything += "".join(z.read(n).decode("utf-8") for n in z.namelist())
    for name, ex in exercises().items():
        assert find_leaks(ex, everything) == [], name
        assert any(q.solution for q in ex.questions)
    with zipfile.ZipFile(paths["grading_zip"]) as z:
        bundle = json.loads(z.read("ch01_population.grading.json"))
    assert bundle["questions"][0]["hidden"][0].startswith("# HIDDEN")


def test_cli_build_and_key(tmp_path, capsys):
    from chiiki_lab.cli import main

    assert main(["exercises", "build", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"配布用: {tmp_path / 'chiiki_lab_exercises.zip'}" in out
    assert sorted(p.name for p in (tmp_path / "learner").glob("*.ipynb")) == sorted(f"{n}.ipynb" for n in exercises())
    assert main(["exercises", "key", "ch04_tourism"]) == 0
    key = capsys.readouterr().out
    assert "## 4-2 27,500 → 55,000 の増減率  [2 点]" in key and "pct_a = (after_a / before_a - 1) * 100" in key
    assert main(["exercises", "grade", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "エラー: 使い方: chiiki-lab exercises grade SUBMISSIONS --exercise NAME\n"
