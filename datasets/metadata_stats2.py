"""Catalog texts for the datasets built from ``shared/data/raw/stats2`` (see its PROVENANCE.md).

Same shape as ``metadata.py`` (titles, sources, mirrors, licences, the exact 出典 sentences, caveats and every
column with its unit); ``build.py`` merges ``DATASETS`` and ``DATASET_COLUMNS`` into its own.
"""

from __future__ import annotations

from metadata import GOV_LICENCE

SSDSE_MIRROR = "github.com/cr4ft3r-ch1/Statistic-competition @ ac5ed69d6e8d38da58d70b981c051a9257f22a3e"
SSDSE_LICENCE = (
    "統計センター SSDSE の利用条件（政府標準利用規約に準拠、CC BY 4.0 互換） / NSTAC SSDSE terms "
    "(Government Standard Terms of Use, compatible with CC BY 4.0)"
)

DATASETS: dict[str, dict] = {
    "ipss2023_projection": {
        "title_ja": "日本の地域別将来推計人口（令和5(2023)年推計）総人口2020～2050年と2050年の年齢3区分",
        "title_en": "IPSS regional population projections (2023): total population 2020–2050 and 2050 by three age groups",
        "description_ja": (
            "市区町村・政令市とその区（1,918地域）ごとの2020年（国勢調査）と2025～2050年の推計総人口（縦持ち: 地域×年）。"
            "2050年の行だけ0～14歳・15～64歳・65歳以上の人口がある。推計のない地域（福島県浜通りの13市町村、北方領土、"
            "浜松市中央区・浜名区）は行があり人口が空欄で、ipss_status に理由がある。"
        ),
        "description_en": (
            "Total population of municipalities, designated cities and their wards (1,918 areas) in 2020 (census) and "
            "projected for 2025–2050 (long: area × year). Only the 2050 rows have the 0–14 / 15–64 / 65+ split. Areas "
            "IPSS did not project individually (13 Hamadori municipalities of Fukushima, the Northern Territories, "
            "Hamamatsu's Chuo and Hamana wards) have rows with empty values; ipss_status says why."
        ),
        "publisher": "国立社会保障・人口問題研究所",
        "source_table": (
            "日本の地域別将来推計人口（令和5(2023)年推計）結果表1（総人口）・結果表2-1～2-3（0～14歳・15～64歳・65歳以上）"
        ),
        "source_url": "https://www.ipss.go.jp/pp-shicyoson/j/shicyoson23/2gaiyo_hyo/gaiyo.asp",
        "mirror": (
            "github.com/Soshi-1114/kurashi-map @ 40ffbdeb834609f87692b203c6e0fb0c60cd8564 "
            "(data/{pref}.json, data/{pref}_wards.json: futurePopulation, copied from the IPSS 結果表 unchanged)"
        ),
        "vintage": "2020年（国勢調査）～2050年、2023年12月公表（令和5年推計）",
        "licence": (
            "出典を明記して利用可（国立社会保障・人口問題研究所、公共データ利用規約 第1.0版）/ free to use with the "
            "source cited (IPSS; Public Data License 1.0)"
        ),
        "attribution_ja": (
            "出典：国立社会保障・人口問題研究所『日本の地域別将来推計人口（令和5(2023)年推計）』結果表1・2を加工して作成"
        ),
        "attribution_en": (
            "Source: National Institute of Population and Social Security Research (IPSS), Regional Population "
            "Projections for Japan (2023), result tables 1 and 2, processed by the workbook authors."
        ),
        "caveats_ja": [
            "男女別・5歳階級別の値はない（各年の総人口と、2050年の年齢3区分のみ）。年齢別の推計は ipss2018_projection（2018年推計）にある。",
            ("福島県浜通りの13市町村（いわき市、相馬市、南相馬市、広野町、楢葉町、富岡町、川内村、大熊町、双葉町、浪江町、"
             "葛尾村、新地町、飯舘村）は IPSS が地域一括で推計したため市町村別の値がない。福島県の合計は出せない。"),
            ("浜松市は2024年1月の区再編後の区域・コード。天竜区 22140 は旧コード 22137 の値（同じ区域、ipss_code が 22137）。"
             "中央区・浜名区は旧7区で推計されたため値がない。浜松市全体の値はある。"),
            "都道府県・全国の行はない。全国の推計は『日本の将来推計人口（令和5年推計）』（2050年 1億468.6万人、出生中位・死亡中位）。",
            "2020年は令和2年国勢調査の実績値（is_projection が False）。2025年以降が推計値。",
            "政令市の区と政令市全体は同じ人を数える。全国の合計は is_basic_municipality の行を足す（浜通りを除く）。",
        ],
        "caveats_en": [
            "No sex or 5-year age detail (totals for every year, three age groups for 2050 only); the 2018 edition "
            "(ipss2018_projection) has ages.",
            ("The 13 Hamadori municipalities of Fukushima were projected as one region, so they have no values; a "
             "Fukushima total cannot be formed."),
            ("Hamamatsu follows the 2024 ward reform: Tenryu-ku 22140 carries old code 22137's values (same area; "
             "ipss_code 22137); Chuo-ku and Hamana-ku have none (IPSS projected the 7 old wards). The city total exists."),
            "No prefecture or national rows. The national projection (2023 edition, medium) is 104.686 million in 2050.",
            "2020 is the 2020 census (is_projection False); 2025 onward are projections.",
            "Wards and their designated city count the same people; sum the is_basic_municipality rows (Hamadori missing).",
        ],
    },
}

DATASET_COLUMNS: dict[str, dict] = {
    "ipss2023_projection": {
        "parent_code": ("", "政令市の区の親（政令市）のコード", "Code of the designated city a ward belongs to"),
        "ipss_code": ("", "IPSS の表でのコード（浜松市天竜区だけ旧コード 22137、他は code と同じ）",
                      "Code in the IPSS tables (old code 22137 for Hamamatsu Tenryu-ku, otherwise equal to code)"),
        "ipss_status": ("", "projected（推計あり）または excluded: 理由（推計なし）", "projected, or excluded: reason"),
        "year": ("年", "年（10月1日現在。2020年は国勢調査）", "Year (1 October; 2020 is the census)"),
        "is_projection": ("", "推計値なら True（2020年は False）", "True for projected years (False for 2020)"),
        "population": ("人", "総人口（推計のない地域は空欄）", "Total population (empty where not projected)"),
        "pop_age0_14": ("人", "0～14歳人口（2050年の行のみ）", "Population aged 0–14 (2050 rows only)"),
        "pop_age15_64": ("人", "15～64歳人口（2050年の行のみ）", "Population aged 15–64 (2050 rows only)"),
        "pop_age65p": ("人", "65歳以上人口（2050年の行のみ）", "Population aged 65+ (2050 rows only)"),
        "is_basic_municipality": ("", "市町村・特別区の行（政令市は市全体）なら True。区・北方領土は False",
                                  "True for municipalities and special wards (designated cities whole); wards and "
                                  "the Northern Territories are False"),
    },
}
