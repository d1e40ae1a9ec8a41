"""Catalog texts of the datasets built by ``build_geo2.py`` (chapters 16–19).

Same shape as ``metadata.py``: one ``DATASETS`` entry per dataset and one column dict per dataset
(columns shared with the other datasets, such as ``code`` or ``population``, come from
``metadata.COLUMNS``). Sources, mirrors, licences, 出典 sentences and gaps are those of
``shared/data/raw/geo2/PROVENANCE.md`` and ``shared/data/raw/stats2/PROVENANCE.md``.
"""

from __future__ import annotations

from metadata import GOV_LICENCE

MESH_ATTRIBUTION_JA = "出典：総務省統計局『令和2年国勢調査』地域メッシュ統計（政府統計の総合窓口 e-Stat）を加工して作成"
SHELTER_ATTRIBUTION_JA = (
    "出典：国土地理院『指定緊急避難場所データ』『指定避難所データ』（https://www.gsi.go.jp/bousaichiri/hinanbasho.html、2025年10月27日時点）を加工して作成"
)
GTFS_ATTRIBUTION_JA = (
    "出典：『群馬県内バス路線情報（標準的なバス情報フォーマット）』関越交通（https://gma.jcld.jp/GMA_OPENDATA/）、"
    "群馬県、CC BY 4.0（2019年4月版の時刻表）を加工して作成"
)
JINRYU_ATTRIBUTION_JA = "出典：国土交通省『全国の人流オープンデータ』（G空間情報センター、2019年1月〜2021年12月）を加工して作成"
LODGING_ATTRIBUTION_JA = "出典：観光庁『宿泊旅行統計調査』（推移表、2011年1月〜2025年11月。2025年は速報値を含む）を加工して作成"
SHIMABARA_ATTRIBUTION_JA = "出典：島原市『観光施設一覧』（自治体標準オープンデータセット、2023年3月以前の公開版）を加工して作成"

_JINRYU_COMMON = {
    "publisher": "国土交通省 不動産・建設経済局（元データ: 株式会社Agoop 流動人口データ）",
    "source_table": "全国の人流オープンデータ（1kmメッシュ）monthly_mdp_mesh1km（滞在人口、長野県）",
    "source_url": "https://www.geospatial.jp/ckan/dataset/mlit-1km-fromto",
    "mirror": ("github.com/thunder-19900512/komoro-chiku-map @ fd51b7990ea465266e0aa257268f87f21960a2c6 "
               "(data/jinryu_nagano/20/<YYYY>/<MM>/monthly_mdp_mesh1km.csv.zip, 36 files)"),
    "vintage": "2019年1月〜2021年12月（月別。2021年3月〜2022年1月公開）",
    "licence": ("政府標準利用規約（第2.0版）準拠、CC BY 4.0 互換とされる（データセットのページはこの環境では未確認）/ "
                "Government Standard Terms 2.0, CC BY 4.0 compatible as described by third parties (not verified here)"),
    "attribution_ja": JINRYU_ATTRIBUTION_JA,
    "attribution_en": ("Source: MLIT, Nationwide people-flow open data (G-Space Information Center), January 2019 – "
                       "December 2021, processed by the workbook authors."),
}
_JINRYU_CAVEATS_JA = [
    "滞在人口は携帯電話の位置情報から推計した「その月の1日あたり平均」の人数で、住民数（国勢調査・住民基本台帳）とは定義が違う。",
    "10人未満のメッシュは公開されていない（最小値10）。メッシュを足した合計は実際より少なめになる。",
    "長野県のみ（群馬県・嬬恋村のデータは見つかっていない）。軽井沢町は嬬恋村の南隣。",
]
_JINRYU_CAVEATS_EN = [
    "Stay population is a mobile-phone-based estimate (average per day of the month), not residents (census / register).",
    "Cells with fewer than 10 persons are not published (minimum 10), so sums over cells understate totals.",
    "長野県 only (no data for 群馬県 / 嬬恋村 was found); 軽井沢町 borders 嬬恋村 to the south.",
]

DATASETS: dict[str, dict] = {
    "census2020_mesh250m": {
        "title_ja": "令和2年国勢調査 4分の1地域メッシュ（250 m）人口・世帯（第1次メッシュ5438：嬬恋村・軽井沢町など）",
        "title_en": "2020 census population and households by 250 m mesh cell (1st mesh 5438: Tsumagoi, Karuizawa …)",
        "description_ja": (
            "第1次地域区画5438（北緯36°〜36°40′、東経138°〜139°）の人が住む250 mメッシュ21,934個の人口（総数・男女・"
            "0〜14歳・15〜64歳・65歳以上・75歳以上）と世帯数。code はメッシュの中心がある市区町村。群馬県西部（嬬恋村・草津町・"
            "長野原町・東吾妻町・中之条町の大部分など）と長野県東部（軽井沢町・佐久市・上田市など）を含む。"
            "セルの図形は chiiki_lab.mesh.mesh_polygons(mesh_code) で作れる。"
        ),
        "description_en": (
            "Population (total, sex, 0–14, 15–64, 65+, 75+) and households of the 21,934 inhabited 250 m cells of 1st "
            "mesh 5438 (36°–36°40′ N, 138°–139° E): west 群馬 (嬬恋村, 草津町, 長野原町, 東吾妻町, most of 中之条町 …) and "
            "east 長野 (軽井沢町, 佐久市, 上田市 …). code is the municipality containing the cell centre. Draw the cells "
            "with chiiki_lab.mesh.mesh_polygons(mesh_code)."
        ),
        "publisher": "総務省統計局",
        "source_table": "令和2年国勢調査 4分の1地域メッシュ 人口及び世帯（T001142、tblT001142Q5438.txt）",
        "source_url": "https://www.e-stat.go.jp/gis/statmap-search?page=1&type=1&toukeiCode=00200521&toukeiYear=2020&aggregateUnit=Q&serveyId=Q002005112020&statsId=T001142",
        "mirror": ("github.com/thunder-19900512/komoro-chiku-map @ f0ba226f918a3321ba18e55a8b30412aee347bfa "
                   "(data/estat_mesh250/tblT001142Q5438.txt, unmodified e-Stat file)"),
        "vintage": "2020-10-01（令和2年10月1日）",
        "licence": GOV_LICENCE,
        "attribution_ja": MESH_ATTRIBUTION_JA,
        "attribution_en": ("Source: Statistics Bureau of Japan (MIC), 2020 Population Census, grid square statistics "
                           "(e-Stat), processed by the workbook authors."),
        "caveats_ja": [
            "第1次メッシュ5438だけ。群馬県の残り（沼田市・渋川市の大部分・みなかみ町・片品村など）は含まない。中之条町は人口の97%がこの範囲。",
            "code はセルの中心がある市区町村（簡略化した2022年の境界で判定）。境界付近のセルは隣の団体に入ることがあり、団体ごとの合計は国勢調査と少しずれる（嬬恋村 8,857人 vs 8,850人）。",
            ("秘匿: suppression=2 のセルは人口総数と世帯数以外が空欄で、その値は merged_into のセル（suppression=1）に合算されている。"
             "年齢別の合計は秘匿セルの分だけ少なくなる。"),
            "年齢不詳は補完していない（0〜14＋15〜64＋65歳以上＝総数の97.9%）。市区町村別の census2020（不詳補完値）とは比べ方に注意。",
        ],
        "caveats_en": [
            "Only 1st mesh 5438: the rest of 群馬県 (沼田市, most of 渋川市, みなかみ町, 片品村 …) is missing; 中之条町 has 97 % of its people inside.",
            "code = municipality holding the cell centre (simplified 2022 boundaries); border cells may fall to the neighbour, so sums differ slightly from the census (嬬恋村 8,857 vs 8,850).",
            ("Suppression: cells with suppression=2 give only population and households; their details were added to "
             "the merged_into cell (suppression=1). Age sums over an area miss the suppressed cells."),
            "Unknown ages are not imputed (0–14 + 15–64 + 65+ = 97.9 % of the total), unlike census2020 (imputed).",
        ],
    },
    "shelters_gunma": {
        "title_ja": "群馬県の指定緊急避難場所・指定避難所（国土地理院、2025年10月取得）",
        "title_en": "Designated emergency evacuation sites and shelters in Gunma (GSI, fetched October 2025)",
        "description_ja": (
            "群馬県35市町村が登録した指定緊急避難場所1,750か所（災害の種類ごとの指定つき）と指定避難所1,674か所の位置（緯度・経度）、"
            "名称、住所。kind で区別する。指定緊急避難場所は災害から命を守るために逃げる場所、指定避難所は家に戻れない人が滞在する施設。"
        ),
        "description_en": (
            "Locations, names and addresses of the 1,750 designated emergency evacuation sites (with the hazards each is "
            "designated for) and 1,674 designated shelters registered by the 35 municipalities of 群馬県 (column kind)."
        ),
        "publisher": "国土地理院（各市町村が登録したデータ）",
        "source_table": "指定緊急避難場所データ・指定避難所データ（mergeFromCity_2 / mergeFromCity_1）",
        "source_url": "https://www.gsi.go.jp/bousaichiri/hinanbasho.html",
        "mirror": ("github.com/motohasystem/jp-shelter-api @ 1114f01fd5efb98b80c31dbc813213ab7ab8f358 "
                   "(docs/api/v0/emergency|evacuation/<code6>.json, GSI properties unchanged; fetched from GSI 2025-10-27)"),
        "vintage": "2025-10-27 時点で国土地理院が公開していたもの",
        "licence": ("国土地理院コンテンツ利用規約（政府標準利用規約2.0準拠、CC BY 4.0 互換）/ GSI terms of use (CC BY 4.0 "
                    "compatible); mirror code MIT"),
        "attribution_ja": SHELTER_ATTRIBUTION_JA,
        "attribution_en": ("Source: Geospatial Information Authority of Japan (GSI), designated emergency evacuation "
                           "sites and designated shelters data (as of 27 October 2025), processed by the workbook authors."),
        "caveats_ja": [
            "2025年10月時点の写し。市町村は指定を更新するので、防災の判断には必ず市町村の最新の情報を確認すること。",
            "市町村が登録・公開に同意したものだけ。指定避難所には災害種別の指定がない（hz_* 列は空欄）。",
            "5か所は登録した市町村の外にある（館林市と板倉町の共用施設など）。location_code が位置の市町村。",
        ],
        "caveats_en": [
            "Snapshot of October 2025; municipalities update their designations — check the latest before relying on it.",
            "Only what municipalities registered and agreed to publish. Shelters have no hazard flags (hz_* empty).",
            "5 sites lie outside the municipality that registered them (shared sites); location_code gives where.",
        ],
    },
    "gtfs_kanetsu_stops": {
        "title_ja": "関越交通の路線バス 停留所（標柱）と平日の発車回数（GTFS-JP、2019年）",
        "title_en": "Kan-etsu Kotsu bus stops (poles) with weekday departures (GTFS-JP, 2019)",
        "description_ja": (
            "関越交通（群馬県北部：沼田・渋川・中之条・みなかみ・片品、前橋・高崎方面）の標柱1,021か所の位置、通る系統の数、"
            "基準日 2019年5月15日（水）の発車回数（運行する便の停車回数から各便の終点を除いたもの）。"
        ),
        "description_en": (
            "The 1,021 stop poles of 関越交通 (northern 群馬: 沼田, 渋川, 中之条, みなかみ, 片品; to 前橋/高崎): location, "
            "routes serving them, and departures on the reference weekday Wed 2019-05-15 (stop times of running "
            "trips, each trip's last stop excluded)."
        ),
        "publisher": "関越交通株式会社、群馬県",
        "source_table": "群馬県内バス路線情報（標準的なバス情報フォーマット）gtfs.1001.kanetsu_kotu.zip（版 20190423_K001_9）",
        "source_url": "https://gma.jcld.jp/GMA_OPENDATA/",
        "mirror": ("github.com/frogcat/gtfs-preview @ 0c490fe2d02944b0d4cfde911d683f0e757cd4de "
                   "(sample/gtfs.1001.kanetsu_kotu.zip, downloaded from the 群馬県 site 2019-04-26)"),
        "vintage": "時刻表 2019-04-23〜2020-04-23 有効。基準日 2019-05-15（水）",
        "licence": "CC BY 4.0（群馬県）",
        "attribution_ja": GTFS_ATTRIBUTION_JA,
        "attribution_en": ("Source: Gunma bus route information (GTFS-JP), Kan-etsu Kotsu, Gunma Prefecture, CC BY 4.0 "
                           "(timetable of April 2019), processed by the workbook authors."),
        "caveats_ja": [
            "2019年の時刻表。その後の減便・路線変更は反映していない（学習用。乗車の案内には使わない）。",
            "関越交通の便だけ。町村のコミュニティバス・デマンド交通・他社の路線・鉄道は含まない。",
            "発車回数は1日の停車回数で、方向や行き先は区別しない（往復で2倍に数える）。",
        ],
        "caveats_en": [
            "2019 timetable; later cuts and changes are not reflected (for teaching, not for travel).",
            "関越交通 only: no municipal community buses, demand-responsive transport, other operators or rail.",
            "Departures count every stop time of the day regardless of direction (both directions count).",
        ],
    },
    "gtfs_kanetsu_routes": {
        "title_ja": "関越交通の路線バス 系統ごとの便数（GTFS-JP、2019年）",
        "title_en": "Kan-etsu Kotsu bus routes with trips per weekday (GTFS-JP, 2019)",
        "description_ja": "関越交通の220系統（35路線）ごとの便数（時刻表全体・基準日の平日）、停留所数、始発・終着の時刻。",
        "description_en": "The 220 route variants (35 parent routes) of 関越交通: trips in the feed and on the reference weekday, stops, first and last times.",
        "publisher": "関越交通株式会社、群馬県",
        "source_table": "群馬県内バス路線情報（標準的なバス情報フォーマット）gtfs.1001.kanetsu_kotu.zip（版 20190423_K001_9）",
        "source_url": "https://gma.jcld.jp/GMA_OPENDATA/",
        "mirror": "github.com/frogcat/gtfs-preview @ 0c490fe2d02944b0d4cfde911d683f0e757cd4de (sample/gtfs.1001.kanetsu_kotu.zip)",
        "vintage": "時刻表 2019-04-23〜2020-04-23 有効。基準日 2019-05-15（水）",
        "licence": "CC BY 4.0（群馬県）",
        "attribution_ja": GTFS_ATTRIBUTION_JA,
        "attribution_en": ("Source: Gunma bus route information (GTFS-JP), Kan-etsu Kotsu, Gunma Prefecture, CC BY 4.0 "
                           "(timetable of April 2019), processed by the workbook authors."),
        "caveats_ja": ["2019年の時刻表（学習用）。", "shapes.txt が空のため系統の道筋（線形）はない。"],
        "caveats_en": ["2019 timetable (for teaching).", "shapes.txt is empty: no route geometry."],
    },
    "jinryu_nagano_municipal": {
        "title_ja": "人流オープンデータ 長野県の市町村別 滞在人口（月別、2019〜2021年）",
        "title_en": "People-flow open data: stay population by municipality in Nagano, monthly 2019–2021",
        "description_ja": (
            "長野県77市町村ごとに、1 kmメッシュの滞在人口を足した値（月別 × 休日/平日/全日 × 昼/深夜/終日）。"
            "軽井沢町の夏の賑わいと2020年の落ち込みが見える。"
        ),
        "description_en": (
            "Sum of the 1 km cells' stay population per municipality of 長野県 (month × holiday/weekday/all days × "
            "daytime/night/all day), 2019–2021."
        ),
        **_JINRYU_COMMON,
        "caveats_ja": _JINRYU_CAVEATS_JA,
        "caveats_en": _JINRYU_CAVEATS_EN,
    },
    "jinryu_karuizawa_mesh": {
        "title_ja": "人流オープンデータ 軽井沢町の1 kmメッシュ別 滞在人口（月別、2019〜2021年）",
        "title_en": "People-flow open data: stay population by 1 km cell in Karuizawa, monthly 2019–2021",
        "description_ja": (
            "軽井沢町の1 kmメッシュ126個の滞在人口（月別 × 休日/平日/全日 × 昼/深夜/終日）。"
            "セルの図形は chiiki_lab.mesh.mesh_polygons(mesh1km_code) で作れる。"
        ),
        "description_en": (
            "Stay population of the 126 1 km cells of 軽井沢町 (month × day type × time of day), 2019–2021. "
            "Draw the cells with chiiki_lab.mesh.mesh_polygons(mesh1km_code)."
        ),
        **_JINRYU_COMMON,
        "caveats_ja": _JINRYU_CAVEATS_JA + ["ある月に10人未満だったセルはその月の行がない（0ではなく不明）。"],
        "caveats_en": _JINRYU_CAVEATS_EN + ["A cell with fewer than 10 persons in a month has no row for it (unknown, not 0)."],
    },
    "lodging_guest_nights": {
        "title_ja": "宿泊旅行統計調査 都道府県別 延べ宿泊者数（月別、2011年1月〜2025年11月）",
        "title_en": "Overnight travel statistics: guest nights by prefecture, monthly Jan 2011 – Nov 2025",
        "description_ja": "全国と47都道府県の延べ宿泊者数（総数・日本人・外国人、人泊）と外国人の割合、月別。",
        "description_en": "Guest nights (total, Japanese, foreign; person-nights) and the foreign share, Japan and 47 prefectures, monthly.",
        "publisher": "観光庁",
        "source_table": "宿泊旅行統計調査 推移表（1-2 延べ宿泊者数（総数）、2-2 日本人、3-2 外国人）",
        "source_url": "https://www.mlit.go.jp/kankocho/tokei_hakusyo/shukuhakutokei.html",
        "mirror": ("github.com/NemuKei/market-stats-viewer @ 6dc7b009800f28adcde03f94c96022f7daa12d34 "
                   "(data/market_stats.sqlite, extract of 001912060.xlsx downloaded 2026-02-06)"),
        "vintage": "2011年1月〜2025年11月（2026年2月取得の推移表）",
        "licence": GOV_LICENCE,
        "attribution_ja": LODGING_ATTRIBUTION_JA,
        "attribution_en": ("Source: Japan Tourism Agency, Overnight Travel Statistics Survey (time-series tables, January "
                           "2011 – November 2025; 2025 partly preliminary), processed by the workbook authors."),
        "caveats_ja": [
            "都道府県単位まで（市町村別の系列は入っていない）。",
            "2025年は1〜11月のみで、速報値を含むとみられる（元の抽出は速報・確定を区別していない）。",
            "全国の値は47都道府県の合計として計算し直したもの。延べ宿泊者数は「人泊」（1人が2泊すると2）。",
        ],
        "caveats_en": [
            "Prefectures only (no municipal series).",
            "2025 covers January–November and presumably includes preliminary figures (not marked in the extract).",
            "The national value is recomputed as the sum of the 47 prefectures. Unit: person-nights.",
        ],
    },
    "opendata_shimabara_tourism": {
        "title_ja": "島原市「観光施設一覧」（自治体標準オープンデータセットの形式）",
        "title_en": "Shimabara City tourism facilities (municipal standard open dataset format)",
        "description_ja": (
            "長崎県島原市が自治体標準オープンデータセット「観光施設一覧」の形式で公開した28施設。列名・列の順は標準の"
            "テンプレートのまま（先頭の code だけ chiiki_lab が付けた）、値は公開されたとおりの文字列。"
        ),
        "description_en": (
            "The 28 facilities 長崎県島原市 published in the standard 観光施設一覧 layout: the template's column names and "
            "order (only the leading code was added), values as published (text)."
        ),
        "publisher": "長崎県島原市",
        "source_table": "観光施設一覧（自治体標準オープンデータセット）",
        "source_url": "https://www.digital.go.jp/resources/open_data/municipal-standard-data-set-test",
        "mirror": ("github.com/NII-CPS-Center/tablelinker-lib @ edf0b9435f0dce0ec93ace7a55b107277f59fe98 "
                   "(sample/datafiles/shimabara_tourism.csv)"),
        "vintage": "2023年3月以前に公開されたファイル（公開日は不明）",
        "licence": ("島原市のオープンデータ利用条件（画像_ライセンス列は「CC BYに準拠」。この環境では市のページを未確認）/ "
                    "Shimabara City open data terms (images marked CC BY; not verified here)"),
        "attribution_ja": SHIMABARA_ATTRIBUTION_JA,
        "attribution_en": ("Source: Shimabara City, list of tourism facilities (municipal standard open dataset), "
                           "processed by the workbook authors."),
        "caveats_ja": [
            "28施設だけの小さなファイル。公開日は不明で、営業時間・料金は変わっている可能性がある。",
            "すべての値を文字列のまま収録（緯度・経度も文字列）。数値として使うときは pd.to_numeric で変換する。",
            "利用条件は島原市のサイトで確認すること。",
        ],
        "caveats_en": [
            "Only 28 facilities; publication date unknown; hours and fees may have changed.",
            "Every value is text as published (latitude/longitude too); convert with pd.to_numeric.",
            "Confirm the licence on the city's site.",
        ],
    },
    "opendata_templates": {
        "title_ja": "自治体標準オープンデータセットのテンプレート（16種類の列名と順序）",
        "title_en": "Municipal standard open dataset templates (column names and order of 16 datasets)",
        "description_ja": (
            "デジタル庁の自治体標準オープンデータセット（推奨データセット）のうち16種類（AED、公共施設、指定緊急避難場所、"
            "観光施設 など）のテンプレートの列名を、順番（position）つきで1行1列名にした表。"
        ),
        "description_en": (
            "Column names, with their position, of 16 templates of the municipal standard open datasets (AED, public "
            "facilities, evacuation sites, tourism facilities …), one row per column."
        ),
        "publisher": "デジタル庁（テンプレート）",
        "source_table": "自治体標準オープンデータセット テンプレート（xxxxxx_<dataset>.csv、ヘッダ行のみ）",
        "source_url": "https://www.digital.go.jp/resources/open_data/municipal-standard-data-set-test",
        "mirror": ("github.com/NII-CPS-Center/tablelinker-lib @ edf0b9435f0dce0ec93ace7a55b107277f59fe98 "
                   "(templates/xxxxxx_*.csv)"),
        "vintage": "2023年3月時点の版",
        "licence": GOV_LICENCE,
        "attribution_ja": "出典：デジタル庁『自治体標準オープンデータセット』のテンプレート（2023年3月時点の版）を加工して作成",
        "attribution_en": ("Source: Digital Agency, municipal standard open dataset templates, processed by the "
                           "workbook authors."),
        "caveats_ja": ["2023年3月時点の版。最新版はデジタル庁のページで確認すること（列の追加・改名がありうる）。"],
        "caveats_en": ["Version of March 2023; check the Digital Agency's page for the current one."],
    },
}

_MESH = {
    "mesh_code": ("", "4分の1地域メッシュ（250 m）のコード（10桁、文字列）。先頭8桁が1 kmメッシュ",
                  "250 m mesh code (10 digits, string); its first 8 digits are the 1 km cell"),
    "code": ("", "セルの中心がある市区町村のコード（5桁）", "Code of the municipality containing the cell centre"),
    "suppression": ("", "秘匿処理: 0 なし、1 他のセルの値を合算したセル、2 合算されたセル（人口総数と世帯数以外は空欄）",
                    "Suppression: 0 none, 1 holds merged values, 2 merged away (only population and households given)"),
    "merged_into": ("", "suppression=2 のセルの値を合算した先のセル", "Cell that received the values of a suppression=2 cell"),
    "population": ("人", "人口総数（秘匿されない）", "Total population (never suppressed)"),
    "pop_0_14": ("人", "0〜14歳人口（年齢不詳は含まない。秘匿セルは空欄）", "Population 0–14 (unknown ages excluded; empty if suppressed)"),
    "pop_15_64": ("人", "15〜64歳人口（同上）", "Population 15–64 (same)"),
    "pop_65p": ("人", "65歳以上人口（同上）", "Population 65+ (same)"),
    "pop_75p": ("人", "75歳以上人口（同上）", "Population 75+ (same)"),
    "pop_male": ("人", "男の人口（秘匿セルは空欄）", "Male population (empty if suppressed)"),
    "pop_female": ("人", "女の人口（秘匿セルは空欄）", "Female population (empty if suppressed)"),
    "households": ("世帯", "世帯総数（秘匿されない）", "Households (never suppressed)"),
}
_SHELTERS = {
    "kind": ("", "emergency_site（指定緊急避難場所）または designated_shelter（指定避難所）",
             "emergency_site (designated emergency evacuation site) or designated_shelter"),
    "kind_ja": ("", "種別（日本語）", "Kind in Japanese"),
    "common_id": ("", "国土地理院の共通ID（E＋市町村コード5桁＋8桁）", "GSI common id (E + 5-digit code + 8 digits)"),
    "site_name": ("", "施設・場所名", "Name of the site or facility"),
    "address": ("", "住所", "Address"),
    "hz_flood": ("", "洪水に指定（指定緊急避難場所のみ）", "Designated for floods (emergency sites only)"),
    "hz_landslide": ("", "崖崩れ・土石流・地滑りに指定", "Designated for landslides and debris flows"),
    "hz_storm_surge": ("", "高潮に指定", "Designated for storm surges"),
    "hz_earthquake": ("", "地震に指定", "Designated for earthquakes"),
    "hz_tsunami": ("", "津波に指定", "Designated for tsunamis"),
    "hz_large_fire": ("", "大規模な火事に指定", "Designated for large fires"),
    "hz_inland_flood": ("", "内水氾濫に指定", "Designated for inland flooding"),
    "hz_volcano": ("", "火山現象に指定", "Designated for volcanic phenomena"),
    "accepted_persons": ("", "受入対象者（指定避難所、記入がある場合）", "Who is accepted (shelters, where given)"),
    "location_code": ("", "地点がある市町村のコード（登録した市町村と違う5件あり）", "Code of the municipality where the point lies"),
    "lat": ("度", "緯度（世界測地系）", "Latitude"),
    "lon": ("度", "経度（世界測地系）", "Longitude"),
    "name": ("", "登録した市町村の名称", "Name of the registering municipality"),
    "code": ("", "登録した市町村のコード（5桁）", "Code of the registering municipality"),
}
_STOPS = {
    "stop_id": ("", "GTFS の停留所ID（標柱）", "GTFS stop_id (pole)"),
    "stop_name": ("", "停留所名", "Stop name"),
    "parent_station": ("", "親停留所のID（同じ名前の標柱をまとめるもの）", "Parent station id"),
    "n_routes": ("系統", "この標柱を通る系統の数（時刻表全体）", "Route variants serving the pole (whole feed)"),
    "departures_weekday": ("回", "基準日 2019-05-15（水）の発車回数（各便の終点を除く停車回数）",
                           "Departures on Wed 2019-05-15 (stop times of running trips, last stops excluded)"),
    "lat": ("度", "緯度", "Latitude"),
    "lon": ("度", "経度", "Longitude"),
    "code": ("", "標柱がある市町村のコード", "Code of the municipality where the pole stands"),
    "name": ("", "標柱がある市町村の名称", "Name of that municipality"),
}
_ROUTES = {
    "route_id": ("", "GTFS の系統ID", "GTFS route_id"),
    "route_long_name": ("", "系統名", "Route name"),
    "parent_route": ("", "路線（GTFS-JP の jp_parent_route_id）", "Parent route (GTFS-JP jp_parent_route_id)"),
    "n_trips_in_feed": ("便", "時刻表全体での便の数（運行日の種類ごとの便を足したもの）", "Trips defined in the feed"),
    "n_trips_weekday": ("便", "基準日 2019-05-15（水）に走る便の数", "Trips running on Wed 2019-05-15"),
    "n_stops": ("か所", "系統が停まる標柱の数", "Stops served"),
    "first_departure_weekday": ("", "基準日の始発時刻（HH:MM:SS）", "First departure on the reference day"),
    "last_arrival_weekday": ("", "基準日の最終到着時刻（HH:MM:SS）", "Last arrival on the reference day"),
}
_JINRYU = {
    "year": ("年", "年", "Year"),
    "month": ("月", "月", "Month"),
    "dayflag": ("", "日の区分（元データの値）: 0 休日、1 平日、2 全日", "Day type (source code): 0 holidays, 1 weekdays, 2 all days"),
    "timezone": ("", "時間帯（元データの値）: 0 昼（11〜14時）、1 深夜（1〜4時）、2 終日", "Time of day (source code): 0 11–14h, 1 1–4h, 2 all day"),
    "day_type": ("", "日の区分（休日・平日・全日）", "Day type in Japanese"),
    "time_of_day": ("", "時間帯（昼（11〜14時）・深夜（1〜4時）・終日）", "Time of day in Japanese"),
    "stay_population": ("人", "滞在人口（その月の1日あたり平均。10人未満のセルは含まない）",
                        "Stay population (average per day of the month; cells under 10 not included)"),
    "n_cells": ("個", "足したメッシュの数", "Number of cells summed"),
    "mesh1km_code": ("", "1 kmメッシュ（3次メッシュ）のコード（8桁、文字列）", "1 km mesh code (8 digits, string)"),
}
_LODGING = {
    "name": ("", "全国または都道府県名", "Japan or the prefecture"),
    "level": ("", "national（全国）または prefecture（都道府県）", "national or prefecture"),
    "year": ("年", "年（暦年）", "Calendar year"),
    "month": ("月", "月", "Month"),
    "guest_nights_total": ("人泊", "延べ宿泊者数（総数）", "Guest nights, total"),
    "guest_nights_japanese": ("人泊", "日本人延べ宿泊者数", "Guest nights of Japanese residents"),
    "guest_nights_foreign": ("人泊", "外国人延べ宿泊者数", "Guest nights of foreign visitors"),
    "foreign_share_pct": ("%", "外国人の割合（外国人÷総数×100、小数2桁）", "Foreign share of guest nights"),
    "is_basic_municipality": ("", "常に False（市町村の行はない）", "Always False (no municipal rows)"),
}
_TOURISM = {"code": ("", "市区町村コード5桁（chiiki_lab が付けた列。島原市 42203）", "5-digit code added by chiiki_lab (42203)")}
_TEMPLATES = {
    "template": ("", "データセットの種類（aed、tourism、evacuation_space など）", "Dataset (aed, tourism, evacuation_space …)"),
    "position": ("番目", "列の順番（1から）", "Column position (from 1)"),
    "column": ("", "列名（テンプレートの表記のまま）", "Column name as in the template"),
    "template_file": ("", "テンプレートのファイル名", "Template file name"),
}

DATASET_COLUMNS: dict[str, dict] = {
    "census2020_mesh250m": _MESH,
    "shelters_gunma": _SHELTERS,
    "gtfs_kanetsu_stops": _STOPS,
    "gtfs_kanetsu_routes": _ROUTES,
    "jinryu_nagano_municipal": _JINRYU,
    "jinryu_karuizawa_mesh": _JINRYU,
    "lodging_guest_nights": _LODGING,
    "opendata_shimabara_tourism": _TOURISM,
    "opendata_templates": _TEMPLATES,
}

# the 30 columns of the standard 観光施設一覧 template, documented as the template defines them
for _col, _ja, _en in [
    ("都道府県コード又は市区町村コード", "全国地方公共団体コード6桁（検査数字付き）", "6-digit local government code"),
    ("NO", "施設の通し番号（島原市のファイルは空欄）", "Serial number (empty in this file)"),
    ("都道府県名", "都道府県名", "Prefecture"), ("市区町村名", "市区町村名", "Municipality"),
    ("名称", "施設の名称", "Name"), ("名称_カナ", "名称のよみ（カタカナ）", "Name in katakana"),
    ("名称_英語", "名称の英語表記", "Name in English"), ("POIコード", "POIコード（施設の種類のコード）", "POI code"),
    ("住所", "住所", "Address"), ("方書", "方書（建物名など）", "Address supplement (building)"),
    ("緯度", "緯度（十進法の度、文字列）", "Latitude (decimal degrees, text)"),
    ("経度", "経度（十進法の度、文字列）", "Longitude (decimal degrees, text)"),
    ("利用可能曜日", "利用できる曜日", "Days open"), ("開始時間", "開始時刻（HH:MM:SS）", "Opening time"),
    ("終了時間", "終了時刻（HH:MM:SS）", "Closing time"),
    ("利用可能日時特記事項", "利用日時の特記事項", "Notes on opening days and hours"),
    ("料金（基本）", "料金（基本）", "Fee (basic)"), ("料金（詳細）", "料金（詳細）", "Fee (details)"),
    ("説明", "説明", "Description"), ("説明_英語", "説明の英語", "Description in English"),
    ("アクセス方法", "アクセス方法", "How to get there"), ("駐車場情報", "駐車場の情報", "Parking"),
    ("バリアフリー情報", "バリアフリーの情報", "Accessibility"), ("連絡先名称", "連絡先の名称", "Contact name"),
    ("連絡先電話番号", "連絡先の電話番号", "Contact phone"), ("連絡先内線番号", "内線番号", "Extension"),
    ("画像", "画像のURL", "Image URL"), ("画像_ライセンス", "画像のライセンス", "Image licence"),
    ("URL", "施設のウェブサイト", "Website"), ("備考", "備考", "Remarks"),
]:
    _TOURISM[_col] = ("", f"標準項目「{_col}」: {_ja}（公開されたままの文字列）", f"Standard item: {_en} (text as published)")
