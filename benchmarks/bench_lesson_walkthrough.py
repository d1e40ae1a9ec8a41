"""Timed walk-through of a lesson notebook, cell by cell, as a beginner would do it.

Runs every cell in order on a fresh kernel (measured), types the 「やってみよう」 answers (a first wrong or
empty attempt where a beginner typically slips, then hint(), then the right answer; all measured), and adds
reading/typing time from a simple model of a beginner: markdown read at 300 characters/min, code read at
150 characters/min, practice answers typed at 40 characters/min plus 1 min of thinking each. Prints, per lesson, the measured seconds of the
cells and the modelled minutes of a learner.

    PYTHONPATH=$PWD/src python benchmarks/bench_lesson_walkthrough.py [00_introduction 01_population_aging …]
"""
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[1]

READ_MD, READ_CODE, TYPE, THINK = 300, 150, 40, 1.0   # chars/min, chars/min, chars/min, min

ANSWERS = {  # what a beginner types for each 「やってみよう」, slips first (answer cells of 00, 01, 03–09)
    '0-a': ['answer = pop[1890]', 'answer = pop[1980]'],
    '0-b': ['answer = census[census["code"] == "10201"]["pop_age65p"]', 'answer = census[census["code"] == "10201"]["pop_age65p"].iloc[0]'],
    '0-c': ['answer = len(cl.load("census_timeseries"))'],
    '1-a': ['g = census[census["code"] == "10000"].iloc[0]\nanswer = g["pop_age65p"] / g["population"]', 'answer = g["pop_age65p"] / g["population"] * 100'],
    '1-b': ['j = census[census["code"] == "00000"].iloc[0]\nanswer = j["pop_age0_14"] + j["pop_age65p"] / j["pop_age15_64"] * 100', 'hint("1-b")', 'answer = (j["pop_age0_14"] + j["pop_age65p"]) / j["pop_age15_64"] * 100'],
    '1-c': ['answer = (basic["pop_change_rate_2015_2020_pct"] < 0).sum()', 'g = basic[basic["pref_name"] == "群馬県"]\nanswer = (g["pop_change_rate_2015_2020_pct"] < 0).sum()'],
    '3-b': ['answer = ratio["age_25_29"]'],
    '3-c': ['men = base[base["sex"] == "male"].set_index("year")[projection.AGES].T\nmen.columns = ["2015年", "2020年"]\nanswer = men.loc["age_00_04", "2020年"] / men.loc["age_15_19":"age_45_49", "2020年"].sum()', 'hint("3-c")', 'answer = men.loc["age_00_04", "2020年"] / women_15_49'],
    '3-e': ['answer = (women_own["change_pct"] <= -70).sum()', 'answer = (women_ipss["change_pct"] <= -70).sum()'],
    '3-a': ['answer = 15 / 8850', 'answer = 15 / 8850 * 100'],
    '3-d': ['answer = women.loc["age_25_29", "2020年"] * ratio["age_25_29"]', 'hint("3-d")', 'answer = women.loc["age_20_24", "2020年"] * ratio["age_25_29"]'],
    '4-a': ['answer = 810_000 / 2_000_000 * 100', 'answer = (810_000 / 2_000_000 - 1) * 100'],
    '4-b': ['answer = daily[daily["fiscal_year"] == 2021]["visitors"].sum()', 'answer = daily[daily["fiscal_year"] == 2021]["visitors"].mean()'],
    '4-c': ['answer = scores.loc["1 季節ナイーブ", "MAE（人/日）"]'],
    '4-d': ['by_day = daily.groupby(daily["date"].dt.day_of_week)["visitors"].mean()\nanswer = by_day[0] / by_day[5]', 'answer = by_day[5] / by_day[0]'],
    '4-e': ['answer = holdout.mean()'],
    '5-a': ['answer = (residents + commuters) / 10_000_000', 'answer = (residents + commuters) / 10_000_000 * 100'],
    '5-b': ['answer = cl.gini(receipts.loc[receipts["fiscal_year"] == 2014, "amount_thousand_yen"])', 'answer = cl.gini(muni.loc[muni["fiscal_year"] == 2014, "amount_thousand_yen"])'],
    '5-c': ['answer = net.loc[net["name"] == "高岡市", "差引（億円）"].iloc[0]', 'answer = net.loc[net["name"] == "高岡市", "差引_円"].iloc[0]'],
    '6-a': ['g = last[last["pref_name"] == "群馬県"]\nanswer = g["cards_issued"].sum() / g["population_juki"].sum()', 'answer = g["cards_issued"].sum() / g["population_juki"].sum() * 100'],
    '6-b': ['answer = g["issuance_rate_pct"].mean()'],
    '6-c': ['answer = (pref["issuance_rate_pct"] > 57).sum()', 'hint("6-c")', 'japan_rate = last["cards_issued"].sum() / last["population_juki"].sum() * 100\nanswer = (pref["issuance_rate_pct"] > japan_rate).sum()'],
    '6-d': ['answer = towns_2022["issuance_rate_pct"].corr(towns_2022["population"])', 'answer = towns_2022["issuance_rate_pct"].corr(towns_2022["population"], method="spearman")'],
    '7-a': ['answer = 4 / len(okinawa)', 'answer = 4 / len(okinawa) * 100'],
    '7-b': ['answer = greedy["score"].mean()'],
    '7-c': ['answer = len(unmatched)'],
    '8-a': ['answer = table.iloc[0, 0] - table.iloc[1, 0]'],
    '8-b': ['answer = table.iloc[0, 2]', 'answer = table.iloc[1, 2]'],
    '8-c': ['answer = kpi.did(kpi.platform_panel(seed=0, true_effect=0))'],
    '8-d': ['answer = kpi.did(kpi.platform_panel(seed=0, selection=3.0))', 'answer = kpi.before_after(kpi.platform_panel(seed=0, selection=3.0))'],
    '9-a': ['row = cl.load("census2020").set_index("code").loc[town.code]\nanswer = row["pop_age65p"] / row["pop_age15_64"] * 100', 'hint("9-a")', 'answer = (row["pop_age0_14"] + row["pop_age65p"]) / row["pop_age15_64"] * 100'],
    '9-b': ['answer = len(in_pref)'],
    '9-c': ['answer = position.loc["pop_change_rate_2015_2020_pct", "県内順位"]'],
}


def run(kc, code):
    t = time.perf_counter()
    msg_id = kc.execute(code)
    out, err = [], None
    while True:
        msg = kc.get_iopub_msg(timeout=300)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            out.append(content["text"])
        elif kind == "error":
            err = content["ename"] + ": " + content["evalue"]
        elif kind == "status" and content["execution_state"] == "idle":
            break
    return time.perf_counter() - t, "".join(out), err

def walk(path, answers):
    nb = nbformat.read(path, 4)
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(Path(path).parent))
    machine = human = 0.0
    rows = []
    try:
        for i, c in enumerate(nb.cells):
            if c.cell_type == "markdown":
                human += len(c.source) / READ_MD
                continue
            if "nbval-skip" in c.metadata.get("tags", []):
                continue
            src = c.source
            qid = None
            if "check(\"" in src and "answer = ..." in src:
                qid = src.split("check(\"")[1].split("\"")[0]
            if qid:
                for attempt in answers[qid]:
                    code = attempt + ("" if attempt.startswith("hint(") else f"\ncheck(\"{qid}\", answer" + (", town=MY_TOWN" if qid.startswith("9-") else "") + ")")
                    dt, out, err = run(kc, code)
                    machine += dt
                    human += len(attempt) / TYPE + THINK / len(answers[qid])
                    rows.append((i, qid, round(dt, 2), (out.strip().splitlines() or [""])[0][:70], err))
            else:
                human += len(src) / READ_CODE
                dt, out, err = run(kc, src)
                machine += dt
                rows.append((i, src.splitlines()[0][:40], round(dt, 2), "", err))
    finally:
        kc.stop_channels(); km.shutdown_kernel(now=True)
    return machine, human, rows

if __name__ == "__main__":
    names = sys.argv[1:] or ["00_introduction", "01_population_aging", "03_projection"]
    for name in names:
        m, h, rows = walk(str(ROOT / "notebooks" / f"{name}.ipynb"), ANSWERS)
        for cell, what, seconds, said, error in rows:
            if error or what in ANSWERS:
                print(f"  cell {cell:>2} {what:<6} {seconds:5.2f} s  {error or said}")
        print(f"{name}: cells run {m:.1f} s; modelled reading + typing {h:.0f} min; walk-through about {h + m / 60:.0f} min")
