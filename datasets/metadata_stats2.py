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

JUKI_MIGRATION_ATTRIBUTION_JA = (
    "出典：独立行政法人統計センター『SSDSE-A（教育用標準データセット）』2018～2026年版（元データ：総務省『住民基本台帳人口移動報告』）を加工して作成"
)
JUKI_MIGRATION_ATTRIBUTION_EN = (
    "Source: National Statistics Center, SSDSE-A (Standardized Statistical Data Set for Education), editions 2018–2026 "
    "(original data: MIC, Report on Internal Migration in Japan), processed by the workbook authors."
)
ECONOMIC_CENSUS_ATTRIBUTION_JA = (
    "出典：独立行政法人統計センター『SSDSE-A（教育用標準データセット）』2023・2026年版（元データ：総務省・経済産業省"
    "『経済センサス‐活動調査』平成28年・令和3年）を加工して作成"
)
ECONOMIC_CENSUS_ATTRIBUTION_EN = (
    "Source: National Statistics Center, SSDSE-A (Standardized Statistical Data Set for Education), editions 2023 and "
    "2026 (original data: MIC/METI, Economic Census for Business Activity 2016 and 2021), processed by the workbook authors."
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
    "juki_migration": {
        "title_ja": "住民基本台帳人口移動報告 市町村別の転入者数・転出者数（日本人移動者、2016～2024年）",
        "title_en": "Internal migration (Basic Resident Register): moves in and out by municipality, Japanese, 2016–2024",
        "description_ja": (
            "1,741市区町村（政令市は市全体）ごとの、他の市区町村からの転入者数・他の市区町村への転出者数と転入超過数"
            "（日本人移動者、暦年）。9年分（縦持ち: 市町村×年）。SSDSE-A 2018～2026年版から。"
        ),
        "description_en": (
            "Japanese movers into and out of each of the 1,741 municipalities (designated cities as a whole) from and to "
            "other municipalities, and the net, per calendar year 2016–2024 (long: municipality × year), from SSDSE-A "
            "editions 2018–2026."
        ),
        "publisher": "総務省統計局（SSDSE: 独立行政法人統計センター）",
        "source_table": (
            "住民基本台帳人口移動報告（転入者数 A5101・転出者数 A5102）、教育用標準データセット SSDSE-A（市区町村）2018～2026年版"
        ),
        "source_url": "https://www.nstac.go.jp/use/literacy/ssdse/",
        "mirror": SSDSE_MIRROR + " (data/SSDSE-A-2018.csv … SSDSE-A-2026.csv, CP932 CSVs as distributed)",
        "vintage": "2016～2024年（各年1～12月）",
        "licence": SSDSE_LICENCE,
        "attribution_ja": JUKI_MIGRATION_ATTRIBUTION_JA,
        "attribution_en": JUKI_MIGRATION_ATTRIBUTION_EN,
        "caveats_ja": [
            "日本人移動者のみ（外国人を含まない）。年齢・男女別はない。国外との移動は含まない。",
            "政令市の区の間の移動は数えない（政令市は市全体で1行）。全国の転入計と転出計は毎年等しい。",
            "自然増減（出生・死亡）はない。2021年の出生・死亡・社会増減は juki2022 にある（日本人＋外国人、定義が違う）。",
            "コードは各年版どおり: 那珂川町 40305（2016・2017年）→ 那珂川市 40231（2018年から）。",
            "2016・2017年（SSDSE 2018・2019年版）の項目名は単に「転入者数」「転出者数」だが、全国の水準は後の日本人移動者の系列と合う。",
        ],
        "caveats_en": [
            "Japanese movers only (no foreign residents), no age or sex, no moves to or from abroad.",
            "Moves between wards of a designated city are not counted (one row per city). National in = out every year.",
            "No births or deaths here; juki2022 has 2021 natural and social change (all residents; another definition).",
            "Codes as in each edition: Nakagawa town 40305 (2016–2017) became Nakagawa city 40231 (from 2018).",
            "The 2018/2019 editions label the items just 'moved in/out'; their national level matches the later series.",
        ],
    },
    "kaigo_insurers_fy2023": {
        "title_ja": "介護保険事業状況報告（年報）令和5年度 保険者別 第1号被保険者数と要介護（要支援）認定者数",
        "title_en": "Long-term care insurance, FY2023 annual report: insured persons 65+ and certified persons by insurer",
        "description_ja": (
            "全国と1,571保険者（市町村1,531、広域連合・一部事務組合40）ごとの第1号被保険者数（65～74・75～84・85歳以上）と"
            "要介護（要支援）認定者数（総数・第1号・第2号、第1号は要介護度別・年齢6区分別）、認定率。2024年3月末現在。"
        ),
        "description_en": (
            "For Japan and 1,571 insurers (1,531 municipalities, 40 unions): insured persons aged 65+ (65–74, 75–84, 85+) "
            "and persons certified as needing care or support (total, aged 65+, aged 40–64; 65+ by care level and six "
            "age bands), with the certification rate; as of 31 March 2024."
        ),
        "publisher": "厚生労働省",
        "source_table": (
            "介護保険事業状況報告（年報）令和5年度 第2表 保険者別 第1号被保険者数、第4-1-1表 保険者別 要介護（要支援）認定者数 男女計"
        ),
        "source_url": "https://www.mhlw.go.jp/topics/kaigo/osirase/jigyo/23/index.html",
        "mirror": (
            "github.com/growthfieldyoshi-cell/kaigo-search @ 55d42c9c7709ffcc0515105c5868914ecc9263d2 "
            "(data/02h.xlsx, data/04-1-1h.xlsx: the publisher's workbooks)"
        ),
        "vintage": "2023年度（2024年3月31日現在）",
        "licence": GOV_LICENCE,
        "attribution_ja": "出典：厚生労働省『介護保険事業状況報告（年報）』令和5年度（第2表、第4-1-1表）を加工して作成",
        "attribution_en": (
            "Source: Ministry of Health, Labour and Welfare (MHLW), Report on the Long-term Care Insurance Program "
            "(annual), FY2023, tables 2 and 4-1-1, processed by the workbook authors."
        ),
        "caveats_ja": [
            ("40の広域連合・一部事務組合（例: 福岡県介護保険広域連合）はコードがなく、その構成市町村210団体は自分の行を持たない。"
             "構成団体の一覧はこの表にない。"),
            "認定率は第1号認定者÷第1号被保険者×100の粗い率（年齢調整なし）。高齢者の年齢構成が違う保険者を比べるときは注意。",
            "元表の注: 国保連に提出された受給者台帳に基づき、要介護度は遡って変わることがある。単年度（時系列・男女別なし）。",
            "全国の行は1,571保険者の合計（level national, code 00000）。全国を出すとき保険者の行と足し合わせない。",
            "保険者名は元表どおり（コードの照合は国勢調査2020の市町村名、ヶ→ケ の表記ゆれを直して行った）。",
        ],
        "caveats_en": [
            ("The 40 unions (e.g. the Fukuoka prefectural union) have no code; their 210 member municipalities have no "
             "row of their own, and the membership is not in these tables."),
            "The certification rate is crude (65+ certified ÷ 65+ insured × 100), not age-adjusted.",
            "Source note: based on recipient ledgers; care levels may change retroactively. One year only, no sex.",
            "The national row (level national, code 00000) is the sum of the 1,571 insurers; do not add it to them.",
            "Insurer names as published; codes were matched on census 2020 names (ヶ/ケ spelling unified).",
        ],
    },
    "economic_census": {
        "title_ja": "経済センサス‐活動調査 市区町村別・産業大分類別の事業所数・従業者数（民営、2016年・2021年）",
        "title_en": "Economic Census for Business Activity: private establishments and employees by municipality and industry, 2016 and 2021",
        "description_ja": (
            "1,741市区町村ごと、調査年（2016年6月1日・2021年6月1日）ごとに、全産業（S公務を除く）と日本標準産業分類の大分類 A～R"
            "（18産業）の事業所数・従業者数（民営）。縦持ち（市町村×調査年×産業）。SSDSE-A 2023・2026年版から。"
        ),
        "description_en": (
            "Private establishments and employees of the 1,741 municipalities, in all industries (excluding S, "
            "government) and in the 18 JSIC divisions A–R, for the 2016 and 2021 surveys (long: municipality × survey "
            "× industry), from SSDSE-A editions 2023 and 2026."
        ),
        "publisher": "総務省・経済産業省（SSDSE: 独立行政法人統計センター）",
        "source_table": (
            "経済センサス‐活動調査（平成28年・令和3年）事業所数（民営）C2108*・従業者数（民営）C2208*、SSDSE-A 2023・2026年版"
        ),
        "source_url": "https://www.nstac.go.jp/use/literacy/ssdse/",
        "mirror": SSDSE_MIRROR + " (data/SSDSE-A-2023.csv, data/SSDSE-A-2026.csv)",
        "vintage": "2016年6月1日・2021年6月1日",
        "licence": SSDSE_LICENCE,
        "attribution_ja": ECONOMIC_CENSUS_ATTRIBUTION_JA,
        "attribution_en": ECONOMIC_CENSUS_ATTRIBUTION_EN,
        "caveats_ja": [
            ("industry_code が total の行は全産業の合計。産業の行と足し合わせない（二重計上になる）。"
             "全国の値は total の行を市町村について足す。"),
            ("秘匿された産業のセルがあるため、18産業の合計が total に足りない市町村がある（2016年60団体、2021年13団体、"
             "従業者で計854人・279人）。公表どおり。"),
            "民営事業所のみ（国・地方公共団体の事業所、S 公務を除く）。従業者数は事業所の所在地で数える（住んでいる人の数ではない）。",
            "2016年と2021年は調査方法の違いがあり、増減の解釈に注意。都道府県・全国の行はない。",
        ],
        "caveats_en": [
            "Rows with industry_code 'total' are all industries; do not add them to the industry rows (double counting).",
            ("Suppressed cells make the 18 industries fall short of the total in some municipalities (60 in 2016, 13 in "
             "2021; 854 and 279 employees); kept as published."),
            "Private establishments only (no government, S excluded). Employees are counted where they work.",
            "Method differences between 2016 and 2021 call for care with changes. No prefecture or national rows.",
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
    "juki_migration": {
        "year": ("年", "年（1～12月の暦年）", "Calendar year"),
        "ssdse_edition": ("年版", "値をとった SSDSE-A の年版（年＋2）", "SSDSE-A edition the values come from (year + 2)"),
        "in_migrants": ("人", "転入者数（他の市区町村から、日本人）", "Japanese movers in from other municipalities"),
        "out_migrants": ("人", "転出者数（他の市区町村へ、日本人）", "Japanese movers out to other municipalities"),
        "net_migration": ("人", "転入超過数（転入者数−転出者数、マイナスは転出超過）", "Net migration (in − out)"),
    },
    "kaigo_insurers_fy2023": {
        "code": ("", "保険者である市区町村のコード5桁（全国 00000、広域連合・組合は空欄）",
                 "5-digit code of the municipal insurer (00000 for Japan; empty for unions)"),
        "code6": ("", "6桁コード（検査数字付き、広域連合・組合は空欄）", "6-digit code with check digit (empty for unions)"),
        "name": ("", "保険者名（元表どおり）", "Insurer name as published"),
        "level": ("", "区分: national, designated_city, special_ward, city, town, village, insurer_union（広域連合・組合）",
                  "Level: national, designated_city, special_ward, city, town, village, insurer_union"),
        "is_basic_municipality": ("", "市町村（特別区を含む）が単独で保険者の行なら True", "True for a municipality that is its own insurer"),
        "insurer_type": ("", "保険者の種類: national（全国計）, municipality（市区町村）, union（広域連合・一部事務組合）",
                         "Insurer type: national (total), municipality, union"),
        "first_insured_total": ("人", "第1号被保険者数（65歳以上）", "Insured persons aged 65+"),
        "first_insured_65_74": ("人", "第1号被保険者数（65～74歳）", "Insured persons aged 65–74"),
        "first_insured_75_84": ("人", "第1号被保険者数（75～84歳）", "Insured persons aged 75–84"),
        "first_insured_85p": ("人", "第1号被保険者数（85歳以上）", "Insured persons aged 85+"),
        "first_insured_foreign": ("人", "第1号被保険者数のうち外国人被保険者（再掲）", "Of which foreign nationals"),
        "first_insured_jushochi_tokurei": ("人", "第1号被保険者数のうち住所地特例被保険者（再掲）",
                                           "Of which insured under the residence exception (住所地特例)"),
        "certified_total": ("人", "要介護（要支援）認定者数（総数）", "Certified persons, total"),
        "certified_first": ("人", "認定者数（第1号被保険者、65歳以上）", "Certified persons aged 65+"),
        "certified_second": ("人", "認定者数（第2号被保険者、40～64歳）", "Certified persons aged 40–64"),
        "certified_first_s1": ("人", "第1号認定者のうち要支援1", "Aged 65+, support level 1"),
        "certified_first_s2": ("人", "第1号認定者のうち要支援2", "Aged 65+, support level 2"),
        "certified_first_k1": ("人", "第1号認定者のうち要介護1", "Aged 65+, care level 1"),
        "certified_first_k2": ("人", "第1号認定者のうち要介護2", "Aged 65+, care level 2"),
        "certified_first_k3": ("人", "第1号認定者のうち要介護3", "Aged 65+, care level 3"),
        "certified_first_k4": ("人", "第1号認定者のうち要介護4", "Aged 65+, care level 4"),
        "certified_first_k5": ("人", "第1号認定者のうち要介護5", "Aged 65+, care level 5"),
        "certified_first_age65_69": ("人", "第1号認定者のうち65～69歳", "Certified, aged 65–69"),
        "certified_first_age70_74": ("人", "第1号認定者のうち70～74歳", "Certified, aged 70–74"),
        "certified_first_age75_79": ("人", "第1号認定者のうち75～79歳", "Certified, aged 75–79"),
        "certified_first_age80_84": ("人", "第1号認定者のうち80～84歳", "Certified, aged 80–84"),
        "certified_first_age85_89": ("人", "第1号認定者のうち85～89歳", "Certified, aged 85–89"),
        "certified_first_age90p": ("人", "第1号認定者のうち90歳以上", "Certified, aged 90+"),
        "certification_rate_first_pct": ("%", "認定率（第1号認定者÷第1号被保険者×100、小数2桁）",
                                         "Certification rate (65+ certified ÷ 65+ insured × 100, 2 decimals)"),
    },
    "economic_census": {
        "survey_year": ("年", "調査年（2016年6月1日、2021年6月1日現在）", "Survey year (as of 1 June 2016 / 2021)"),
        "ssdse_edition": ("年版", "値をとった SSDSE-A の年版", "SSDSE-A edition the values come from"),
        "industry_code": ("", "日本標準産業分類の大分類 A～R、または total（全産業、S公務を除く）",
                          "JSIC division letter A–R, or total (all industries excluding S)"),
        "industry_name": ("", "産業大分類の名称", "Industry division name (Japanese)"),
        "establishments": ("事業所", "事業所数（民営）", "Private establishments"),
        "employees": ("人", "従業者数（民営、事業所で働く人）", "Employees of private establishments (place of work)"),
    },
}
