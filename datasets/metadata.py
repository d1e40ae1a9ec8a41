"""Catalog texts for the bundled datasets: titles, sources, licences, attribution, caveats, column docs.

Used by ``build.py``; the texts come from the raw data's PROVENANCE.md files (sources, mirrors, licences,
the exact 出典 sentences and the known gaps). Every column of every dataset must be documented here,
otherwise the build stops.
"""

from __future__ import annotations

GOV_LICENCE = "政府標準利用規約（第2.0版）準拠、CC BY 4.0 互換 / Japanese Government Standard Terms of Use 2.0 (compatible with CC BY 4.0)"

MLIT_ATTRIBUTION_JA = (
    "出典：「国土数値情報（行政区域データ）」（国土交通省）"
    "（https://nlftp.mlit.go.jp/ksj/gml/datalist/KsjTmplt-N03-v3_1.html）を加工して作成"
)
MLIT_ATTRIBUTION_EN = (
    "Source: National Land Numerical Information, Administrative Area data (N03), Ministry of Land, "
    "Infrastructure, Transport and Tourism (MLIT), Japan — simplified and processed by the workbook authors "
    "(not an official MLIT product)."
)
CENSUS2020_ATTRIBUTION_JA = (
    "出典：総務省統計局『令和2年国勢調査』（都道府県・市区町村別の主な結果、人口等基本集計 表2-7-1）を加工して作成"
)
CENSUS2020_ATTRIBUTION_EN = (
    "Source: Statistics Bureau of Japan (MIC), 2020 Population Census (main results by prefecture and "
    "municipality; basic complete tabulation table 2-7-1), processed by the workbook authors."
)
CENSUS_SERIES_ATTRIBUTION_JA = (
    "出典：総務省統計局『国勢調査』（昭和55年～令和2年）。2020年の市区町村への組替は近藤恵介 (2019)"
    "「市町村合併を考慮した市区町村パネルデータの作成」RIETI Technical Paper 19-T-001 の市区町村コンバータによる"
)
CENSUS_SERIES_ATTRIBUTION_EN = (
    "Source: Statistics Bureau of Japan (MIC), Population Census 1980–2020. Re-aggregated to the 2020 "
    "municipalities with the municipality converter of Kondo, K. (2019), RIETI Technical Paper 19-T-001."
)
FURUSATO_ATTRIBUTION_JA = "出典：総務省『ふるさと納税に関する現況調査結果』を加工して作成"
FURUSATO_ATTRIBUTION_EN = (
    "Source: Ministry of Internal Affairs and Communications (MIC), survey results on furusato nozei "
    "(hometown tax donations), processed by the workbook authors."
)
JUKI_ATTRIBUTION_JA = "出典：総務省『住民基本台帳に基づく人口、人口動態及び世帯数』（令和4年1月1日現在）を加工して作成"
JUKI_ATTRIBUTION_EN = (
    "Source: Ministry of Internal Affairs and Communications (MIC), Population, demographics and households "
    "based on the Basic Resident Register (as of 1 January 2022), processed by the workbook authors."
)

CENSUS2020_COMMON = {
    "publisher": "総務省統計局",
    "vintage": "2020-10-01（令和2年10月1日）",
    "licence": GOV_LICENCE,
    "attribution_ja": CENSUS2020_ATTRIBUTION_JA,
    "attribution_en": CENSUS2020_ATTRIBUTION_EN,
}
BOUNDARY_COMMON = {
    "publisher": "国土交通省",
    "source_table": "国土数値情報 行政区域データ（N03-2022、2022年1月1日時点）",
    "source_url": "https://nlftp.mlit.go.jp/ksj/gml/datalist/KsjTmplt-N03-v3_1.html",
    "mirror": (
        "github.com/geolonia/japanese-admins @ d302c49670b5252970649a6481e25d56c64fd08c "
        "(data c7c788dad430d13ea583839105c914b4d9bc82e4, N03-2022 full resolution); "
        "github.com/smartnews-smri/japan-topography @ b403e71eb97f1fdf32f63d16bd485129f703855e "
        "(20 municipalities, N03-2021 1 % simplified); simplified with mapshaper by the workbook authors"
    ),
    "vintage": "2022-01-01（N03-2022。20団体は N03-2021）",
    "licence": (
        "国土数値情報ダウンロードサイトコンテンツ利用規約（出典の明記・加工の明示で商用利用も可、CC BY 4.0 互換）/ "
        "MLIT NLNI terms of use (credit and statement of processing required; CC BY 4.0 compatible). "
        "geolonia/japanese-admins: MIT (© 2020 Geolonia Inc.)"
    ),
    "attribution_ja": MLIT_ATTRIBUTION_JA,
    "attribution_en": MLIT_ATTRIBUTION_EN,
}
BOUNDARY_CAVEATS_JA = [
    ("頂点を2%に間引いた簡略化図形（平均のずれ約50 m、最大3.3 km）。小さな島は消えている。"
    "塗り分け地図には十分だが、海岸や境界付近の点がどの団体に入るかの判定には向かない。"),
    ("20団体（宮古市・大船渡市・釜石市・石巻市・気仙沼市・南三陸町・小笠原村・南伊豆町・志摩市・南伊勢町・大田市・今治市・"
    "宇和島市・長崎市・佐世保市・対馬市・壱岐市・五島市・石垣市・宮古島市）は N03-2021 の粗い図形（geom_src で識別）。"
    "海岸線が粗く小島が欠けるが、隣接団体との境界は一致している。"),
    "所属未定地（どの市区町村にも属さない土地）は含まない。",
    "測地系は JGD2011 の経緯度をそのまま EPSG:4326 として扱っている（差は1 m 未満）。",
    "国土交通省の公式の製品ではなく、国土数値情報を加工したもの。",
]
BOUNDARY_CAVEATS_EN = [
    ("Simplified shapes (2 % of the vertices kept; mean shift about 50 m, at most 3.3 km); small islands are gone. "
    "Good for choropleth maps, not for deciding which municipality a point near a coast or border falls in."),
    ("20 municipalities (Miyako, Ofunato, Kamaishi, Ishinomaki, Kesennuma, Minamisanriku, Ogasawara, Minamiizu, "
    "Shima, Minamiise, Oda, Imabari, Uwajima, Nagasaki, Sasebo, Tsushima, Iki, Goto, Ishigaki, Miyakojima) use "
    "coarser N03-2021 shapes (see geom_src): coarser coastlines and missing islets, but land borders match."),
    "Land assigned to no municipality (所属未定地) is not included.",
    "JGD2011 longitude/latitude is used as EPSG:4326 (the difference is below 1 m).",
    "Processed from MLIT's National Land Numerical Information; not an official MLIT product.",
]
LEVEL_CAVEAT_JA = (
    "政令市と区、東京都特別区部（13100）と23区の両方の行がある。合計するときは level か is_basic_municipality で"
    "1つの段階だけを選ぶこと（全行を足すと二重計上になる）。"
)
LEVEL_CAVEAT_EN = (
    "Designated cities and their wards, and Tokyo's ward area (13100) and its 23 wards, all have rows: when "
    "summing, pick one level with `level` or `is_basic_municipality` (summing all rows double-counts)."
)

DATASETS: dict[str, dict] = {
    "municipalities": {
        "title_ja": "市区町村マスター（コード・名称・よみ・ローマ字・役所の位置・面積）",
        "title_en": "Municipality master list (codes, names, kana, romaji, office location, area)",
        "description_ja": (
            "市町村・特別区・政令市とその区、北方領土の6村、計1,922件の一覧。5桁・6桁（検査数字付き）の全国地方公共団体コード、"
            "都道府県、よみがな、ローマ字表記、種別、政令市の区の親コード、役所・役場の位置、面積、公式サイトのURL。"
            "is_basic_municipality が True の1,741件が基礎自治体（市町村＋特別区、政令市は市全体）。"
        ),
        "description_en": (
            "All 1,922 municipalities, special wards, designated cities with their wards, and the 6 Northern "
            "Territories villages: 5- and 6-digit local government codes, prefecture, kana, romaji, kind, parent "
            "city of wards, office location, area and website. The 1,741 rows with is_basic_municipality are the "
            "basic municipalities (cities, towns, villages and Tokyo's special wards; designated cities as a whole)."
        ),
        "publisher": "code4fukui/localgovjp（国土地理院・地方公共団体情報システム機構の情報による）、国土地理院、国土交通省",
        "source_table": (
            "localgovjp 全国自治体リスト（コード・よみ・役所位置・URL）＋「地名集日本（Gazetteer of Japan）」（ローマ字）"
            "＋国土数値情報 行政区域 N03-2022（面積の計算）"
        ),
        "source_url": "https://github.com/code4fukui/localgovjp",
        "mirror": (
            "github.com/code4fukui/localgovjp @ 232edc3ae7b6e58d7cc931df6ee09dc7ce2c2257; "
            "github.com/piuccio/open-data-jp-municipalities @ 7d215d00fb649e899d3f62e641a004718aa2058c (romaji); "
            "github.com/geolonia/japanese-admins @ d302c49670b5252970649a6481e25d56c64fd08c (areas)"
        ),
        "vintage": "2022-01-01（2024-01-01 の浜松市の区の再編より前）",
        "licence": (
            "localgovjp: CC0; ローマ字: 国土地理院コンテンツ利用規約（CC BY 4.0 互換）; 面積: 国土数値情報利用規約（CC BY 4.0 互換）/ "
            "CC0 (localgovjp); GSI terms (romaji) and MLIT NLNI terms (areas), both CC BY 4.0 compatible"
        ),
        "attribution_ja": (
            "出典：code4fukui/localgovjp（CC0）、「地名集日本（Gazetteer of Japan）」（国土地理院）を加工して作成（ローマ字表記）、"
            + MLIT_ATTRIBUTION_JA.removeprefix("出典：") + "（面積）"
        ),
        "attribution_en": (
            "Sources: code4fukui/localgovjp (CC0); romaji processed from the Gazetteer of Japan (GSI); areas computed "
            "from MLIT's National Land Numerical Information, Administrative Area data (N03), processed by the "
            "workbook authors."
        ),
        "caveats_ja": [
            ("area_km2 は国土地理院「全国都道府県市区町村別面積調」の公表値ではなく、N03 の境界から計算した値（公表値と少しずれる）。"
            "国勢調査の面積は census2020 の area_km2 を使うこと。"),
            "浜松市の区は2024-01-01の再編（7区→3区）より前の7区のまま。",
            "北方領土の6村（01695–01700）は役所の位置がなく、is_basic_municipality は False。",
            "役所・役場が自らの区域の外にある団体がある（双葉町→いわき市、三島村・十島村→鹿児島市、竹富町→石垣市）。誤りではない。",
            "ローマ字のうち188件（政令市の区など）は地名集日本になく、よみがなから機械的に作ったもの（romaji_source で識別）。",
        ],
        "caveats_en": [
            ("area_km2 is computed from the N03 boundaries, not GSI's official area table, so it differs slightly; "
            "for census work use census2020's area_km2."),
            "Hamamatsu still has its 7 wards from before the 2024-01-01 reorganisation into 3.",
            "The 6 Northern Territories villages (01695–01700) have no office location and is_basic_municipality False.",
            ("Some offices lie outside their own municipality (Futaba in Iwaki, Mishima and Toshima in Kagoshima, "
            "Taketomi in Ishigaki); this is real."),
            "188 romaji names (e.g. the wards) are not in the Gazetteer and were generated from the kana (see romaji_source).",
        ],
    },
    "boundaries_municipality": dict(
        title_ja="市区町村の境界（政令市は市単位）2022年",
        title_en="Municipality boundaries (designated cities whole), 2022",
        description_ja=(
            "1,741の市町村・特別区（政令市は1つの市）と北方領土の6村、計1,747の境界（経緯度、EPSG:4326）。"
            "属性は市区町村マスターと同じコード・名称・種別と計算面積。"
        ),
        description_en=(
            "Boundaries of the 1,741 municipalities and special wards (designated cities as one city) plus the 6 "
            "Northern Territories villages: 1,747 features in lon/lat (EPSG:4326), with codes, names, kind and area."
        ),
        **BOUNDARY_COMMON,
        caveats_ja=BOUNDARY_CAVEATS_JA + ["北方領土の6村を含む（northern_territories が True、is_basic_municipality は False）。"],
        caveats_en=BOUNDARY_CAVEATS_EN + [
            "Includes the 6 Northern Territories villages (northern_territories True, is_basic_municipality False)."],
    ),
    "boundaries_ward": dict(
        title_ja="市区町村の境界（政令市は区単位）2022年",
        title_en="Municipality boundaries with designated cities split into wards, 2022",
        description_ja=(
            "政令市を175の区に分けた境界、計1,902（経緯度、EPSG:4326）。city_code で市単位の境界（政令市のコード）に対応づけられる。"
        ),
        description_en=(
            "Boundaries with the 20 designated cities split into their 175 wards: 1,902 features in lon/lat "
            "(EPSG:4326). city_code links each feature to the municipality layer."
        ),
        **BOUNDARY_COMMON,
        caveats_ja=BOUNDARY_CAVEATS_JA + [
            "浜松市は2024-01-01の再編前の7区（22131–22137）。現在の3区（22138–22140）ではない。",
            "北方領土の6村を含む（northern_territories が True）。",
        ],
        caveats_en=BOUNDARY_CAVEATS_EN + [
            "Hamamatsu shows its 7 wards before the 2024-01-01 reorganisation (22131–22137), not today's 3 (22138–22140).",
            "Includes the 6 Northern Territories villages (northern_territories True).",
        ],
    ),
    "boundaries_prefecture": dict(
        title_ja="都道府県の境界 2022年",
        title_en="Prefecture boundaries, 2022",
        description_ja=(
            "47都道府県の境界（市区町村の境界を融合したもの、EPSG:4326）。code は5桁の都道府県コード（群馬県は 10000）。"
        ),
        description_en=(
            "The 47 prefectures, dissolved from the municipality boundaries (EPSG:4326). code is the 5-digit "
            "prefecture code (10000 for Gunma)."
        ),
        **BOUNDARY_COMMON,
        caveats_ja=BOUNDARY_CAVEATS_JA + ["area_km2 は市区町村の計算面積の合計（所属未定地を含まないため東京都は 2,181 km²）。"],
        caveats_en=BOUNDARY_CAVEATS_EN + [
            "area_km2 is the sum of the computed municipal areas (Tokyo 2,181 km², without land assigned to no municipality)."],
    ),
**{
        f"topology_{level}": dict(
            title_ja=f"地図用の軽量境界（TopoJSON、{ja}）",
            title_en=f"Light map boundaries (TopoJSON, {en})",
            description_ja=(
                f"chiiki_lab.maps.choropleth が地図のHTMLに埋め込む{ja}の境界。国土数値情報の境界（jp_admin_2022.topojson）の"
                "共有された境界線をさらに簡略化・量子化したもので、隣り合う境界はぴったり接し、どの団体も必ず1つ以上の形が残る。"
            ),
            description_en=(
                f"The {en} boundaries that chiiki_lab.maps.choropleth embeds in map HTML: the shared arcs of the "
                "National Land Numerical Information boundaries (jp_admin_2022.topojson), further simplified and "
                "quantised; neighbours still share exact borders and every feature keeps at least one part."
            ),
            **BOUNDARY_COMMON,
            caveats_ja=BOUNDARY_CAVEATS_JA + [
                f"画面表示用にさらに簡略化（許容誤差 {tol:.0f} m、{min_km2:g} km² 未満の小島は省略、約50 mの格子に量子化）。"
                "全国・都道府県の縮尺向けで、市内の細部には粗い。面積の計算には boundaries_* を使うこと。"
            ],
            caveats_en=BOUNDARY_CAVEATS_EN + [
                f"Further simplified for display (tolerance {tol:.0f} m, islets under {min_km2:g} km² dropped, "
                "quantised to a ~50 m grid): right for national and prefecture views, coarse at city zoom. "
                "Use boundaries_* for areas."
            ],
        )
        for level, ja, en, tol, min_km2 in (
            ("municipality", "市区町村", "municipality", 300, 1),
            ("ward", "政令市は区単位", "ward", 300, 1),
            ("prefecture", "都道府県", "prefecture", 800, 5),
        )
    },
    "census2020": dict(
        title_ja="令和2年国勢調査 市区町村別の主な結果",
        title_en="2020 Population Census: main results by municipality",
        description_ja=(
            "全国・都道府県・市区町村・政令市の区・特別区部の1,965地域について、人口（男女・年齢3区分）、2015年からの増減、面積、"
            "人口密度、平均年齢、日本人・外国人、世帯（家族類型）、労働力・産業、昼間人口など70項目。"
        ),
        description_en=(
            "70 items for 1,965 areas (Japan, prefectures, municipalities, designated-city wards, Tokyo's ward area): "
            "population by sex and 3 age groups, change since 2015, area, density, mean age, Japanese/foreign, "
            "households by family type, labour force and industry, daytime population and more."
        ),
        **CENSUS2020_COMMON,
        source_table="令和2年国勢調査 都道府県・市区町村別の主な結果（major_results_2020.xlsx、第1面・第2面事項）",
        source_url="https://www.e-stat.go.jp/stat-search/file-download?statInfId=000032143614&fileKind=0",
        mirror=(
            "github.com/NII-CPS-Center/tablelinker-lib @ edf0b9435f0dce0ec93ace7a55b107277f59fe98 "
            "(sample/datafiles/major_results_2020.xlsx)"
        ),
        caveats_ja=[
            LEVEL_CAVEAT_JA,
            ("年齢3区分・国籍・労働力・産業・昼間人口・平均年齢などは「不詳補完値」（年齢不詳などを補完した値）。"
            "そのため pop_age0_14 + pop_age15_64 + pop_age65p = population。5歳階級（census2020_age）は補完していない。"),
            "福島県双葉町（07546）は全町避難のため人口0、比率は空欄。",
            "全国の流出人口・流入人口は該当なし（空欄）。",
            "area_km2 は統計局の掲載値（国土地理院の面積調による）。",
        ],
        caveats_en=[
            LEVEL_CAVEAT_EN,
            ("Age groups, nationality, labour force, industry, daytime population and mean/median age are the "
            "imputed values (unknowns distributed), so pop_age0_14 + pop_age15_64 + pop_age65p = population. "
            "The 5-year age table (census2020_age) is not imputed."),
            "Futaba (07546, Fukushima) had no residents (whole-town evacuation): counts 0, ratios empty.",
            "Commuter outflow/inflow do not apply at national level (empty).",
            "area_km2 is the Statistics Bureau's published value (from GSI's area table).",
        ],
    ),
    "census2020_age": dict(
        title_ja="令和2年国勢調査 男女・年齢（5歳階級）別人口",
        title_en="2020 Population Census: population by sex and 5-year age group",
        description_ja=(
            "1,965地域×男女（total/male/female の縦持ち）の5歳階級別人口（0～4歳 … 95～99歳、100歳以上、年齢不詳）。"
        ),
        description_en=(
            "Population of 1,965 areas by sex (long format: total/male/female) and 5-year age group "
            "(0–4 … 95–99, 100+, age unknown)."
        ),
        **CENSUS2020_COMMON,
        source_table=(
            "令和2年国勢調査 人口等基本集計 表2-7-1「男女，年齢（5歳階級），国籍総数か日本人別人口－全国，都道府県，市区町村」（国籍総数）"
        ),
        source_url="https://www.e-stat.go.jp/",
        mirror=(
            "github.com/keisukekondokk/female-population-japan @ eaa974e4c5d5dfa3d9ad7466562cad840163c02f "
            "(data/csv_pop/original/population_census_2020.csv)"
        ),
        caveats_ja=[
            LEVEL_CAVEAT_JA,
            "年齢不詳を補完していない（age_unknown 列がある）。census2020 の年齢3区分（不詳補完値）とは一致しない。",
            "国籍総数のみ（日本人だけの表は含まない）。",
        ],
        caveats_en=[
            LEVEL_CAVEAT_EN,
            "Unknown ages are not distributed (column age_unknown), so the groups differ from census2020's imputed 3 age groups.",
            "All nationalities only (the Japanese-only table is not included).",
        ],
    ),
    "census_timeseries": {
        "title_ja": "国勢調査人口の推移 1980～2020年（2020年の市区町村に組替）",
        "title_en": "Census population 1980–2020 on the 2020 municipalities",
        "description_ja": (
            "1,741の市区町村（2020年10月1日時点）ごとの1980年から5年おき9回の国勢調査人口（縦持ち: year 列）。"
            "男女別は1980・2020年、世帯数は2015・2020年のみ。2015年は統計局の公式の組替人口。"
        ),
        "description_en": (
            "Census population of the 1,741 municipalities of 2020-10-01, every 5 years from 1980 to 2020 (long "
            "format with a year column). Sex only for 1980 and 2020, households only for 2015 and 2020. 2015 is the "
            "Statistics Bureau's official re-tabulation on 2020 boundaries."
        ),
        "publisher": "総務省統計局（組替: 近藤恵介 市区町村コンバータ）",
        "source_table": (
            "国勢調査 市区町村別人口（昭和55年 第1次基本集計 表00101、昭和60年～平成22年 e-Stat、令和2年 主な結果・2015年組替）"
        ),
        "source_url": "https://www.e-stat.go.jp/",
        "mirror": (
            "github.com/keisukekondokk/female-population-japan @ eaa974e4c5d5dfa3d9ad7466562cad840163c02f (1980, converter); "
            "github.com/keisukekondokk/municipality-converter @ bd427c31ab0ce94ae335fd85c2f6f6dea99ab213 (1985–2010); "
            "github.com/NII-CPS-Center/tablelinker-lib @ edf0b9435f0dce0ec93ace7a55b107277f59fe98 (2015, 2020)"
        ),
        "vintage": "1980～2020年の各10月1日（2020年10月1日の市区町村の区域）",
        "licence": (
            GOV_LICENCE + "; 市区町村コンバータ: © 近藤恵介, 利用規約により無償での利用・再配布可 / "
            "converter © Keisuke Kondo, free use and redistribution under its terms of use"
        ),
        "attribution_ja": CENSUS_SERIES_ATTRIBUTION_JA,
        "attribution_en": CENSUS_SERIES_ATTRIBUTION_EN,
        "caveats_ja": [
            ("1980～2010年は合併・編入だけを追って合算した近似値。境界変更・分割で動いた区域は配分し直していない。"
            "2015年は公式の組替値、2020年は調査結果そのもの。"),
            "1980年の全国計は 117,060,359 人で、公表値 117,060,396 人より37人少ない（コンバータで対応のつかない区域）。",
            "東京都三宅村の2000年は全島避難のため値がない（空欄）。",
            "政令市は市全体の1行（区の行はない）。都道府県・全国の行はない（1,741団体を足すと全国になる）。",
            "男女別は1980・2020年のみ、世帯数は2015・2020年のみ（他の年は空欄）。",
        ],
        "caveats_en": [
            ("1980–2010 follow mergers only and are approximations: territory moved by boundary changes or splits is "
            "not reallocated. 2015 is the official re-tabulation, 2020 the census itself."),
            "The 1980 national sum is 117,060,359, 37 persons below the published 117,060,396 (units the converter cannot match).",
            "Miyake (Tokyo) has no value for 2000 (whole-island evacuation).",
            "Designated cities are one row each (no wards); no prefecture or national rows (sum the 1,741 for Japan).",
            "Sex only for 1980 and 2020, households only for 2015 and 2020 (empty otherwise).",
        ],
    },
    "census1980_age": {
        "title_ja": "昭和55年（1980年）国勢調査 男女・年齢（5歳階級）別人口（2020年の市区町村に組替）",
        "title_en": "1980 Population Census by sex and 5-year age group, on the 2020 municipalities",
        "description_ja": (
            "1980年の5歳階級別人口を2020年の1,741市区町村に合算したもの（男女の縦持ち）。40年間の人口ピラミッドの比較に使える。"
        ),
        "description_en": (
            "1980 population by sex and 5-year age group, summed into the 1,741 municipalities of 2020 (long by sex); "
            "for comparing population pyramids over 40 years."
        ),
        "publisher": "総務省統計局（組替: 近藤恵介 市区町村コンバータ）",
        "source_table": "昭和55年国勢調査 第1次基本集計 都道府県編 表00101「男女の別，年齢５歳階級，人口」（市区町村）",
        "source_url": "https://www.e-stat.go.jp/",
        "mirror": (
            "github.com/keisukekondokk/female-population-japan @ eaa974e4c5d5dfa3d9ad7466562cad840163c02f "
            "(data/csv_pop/original/population_census_1980.csv, converter)"
        ),
        "vintage": "1980-10-01（2020年10月1日の市区町村の区域）",
        "licence": (
            GOV_LICENCE + "; 市区町村コンバータ: © 近藤恵介, 利用規約により無償での利用・再配布可 / "
            "converter © Keisuke Kondo, free use and redistribution under its terms of use"
        ),
        "attribution_ja": CENSUS_SERIES_ATTRIBUTION_JA,
        "attribution_en": CENSUS_SERIES_ATTRIBUTION_EN,
        "caveats_ja": [
            "合併・編入だけを追った近似値（境界変更は配分し直していない）。全国計は公表値より37人少ない。",
            "年齢不詳は補完していない（age_unknown 列）。",
            "政令市は市全体の1行。都道府県・全国の行はない。",
        ],
        "caveats_en": [
            "Approximate: follows mergers only (boundary changes not reallocated); the national sum is 37 below the published total.",
            "Unknown ages are not distributed (column age_unknown).",
            "Designated cities are one row each; no prefecture or national rows.",
        ],
    },
    "juki2022": {
        "title_ja": "住民基本台帳に基づく人口・世帯数・人口動態（2022年1月1日）",
        "title_en": "Basic Resident Register: population, households and 2021 population change (1 January 2022)",
        "description_ja": (
            "都道府県・市区町村・政令市の区・郡計ごとの住民基本台帳人口（男女）、世帯数と、2021年1年間の転入・転出・出生・死亡・"
            "自然増減・社会増減（日本人住民と外国人住民の計）。"
        ),
        "description_en": (
            "Resident-register population by sex and households on 2022-01-01, with moves in and out, births, deaths "
            "and natural/social change during 2021, for prefectures, municipalities, wards and county totals "
            "(Japanese and foreign residents together)."
        ),
        "publisher": "総務省",
        "source_table": "住民基本台帳に基づく人口、人口動態及び世帯数（令和4年1月1日現在）【総計】市区町村別（2203ssjin.xlsx）",
        "source_url": "https://www.e-stat.go.jp/stat-search/files?toukei=00200241",
        "mirror": "github.com/passaglia/japandata-sources @ 3f31b541cc89236a9e3673f89b86e73aa3ca7149 (population/populationdata/sjin/2203ssjin.xlsx)",
        "vintage": "2022-01-01（人口動態は2021年1月1日～12月31日）",
        "licence": GOV_LICENCE,
        "attribution_ja": JUKI_ATTRIBUTION_JA,
        "attribution_en": JUKI_ATTRIBUTION_EN,
        "caveats_ja": [
            LEVEL_CAVEAT_JA + "郡計（county_total）の行もある。全国の行はないので47都道府県を足す。",
            "住民基本台帳人口は国勢調査人口と定義が違う（嬬恋村: 住基 9,287人、国勢調査 8,850人）。",
            "北方領土の6村の行がある（人口0、level は northern_territories_village）。",
            "元表で名称が「-」の都道府県の行は、name に都道府県名を入れた。",
        ],
        "caveats_en": [
            LEVEL_CAVEAT_EN + " There are also county-total rows (county_total). No national row: sum the 47 prefectures.",
            "The resident register differs from the census (Tsumagoi: 9,287 registered vs 8,850 counted).",
            "The 6 Northern Territories villages have rows (population 0, level northern_territories_village).",
            "Prefecture rows, named '-' in the source, carry the prefecture name in name.",
        ],
    },
    "juki2022_age": {
        "title_ja": "住民基本台帳に基づく年齢階級別人口（2022年1月1日）",
        "title_en": "Basic Resident Register: population by sex and 5-year age group (1 January 2022)",
        "description_ja": "住民基本台帳の男女・5歳階級別人口（0～4歳 … 95～99歳、100歳以上）。男女の縦持ち。",
        "description_en": "Resident-register population by sex (long format) and 5-year age group (0–4 … 95–99, 100+).",
        "publisher": "総務省",
        "source_table": "住民基本台帳に基づく人口、人口動態及び世帯数（令和4年1月1日現在）【総計】年齢階級別人口 市区町村別（2204ssnen.xlsx）",
        "source_url": "https://www.e-stat.go.jp/stat-search/files?toukei=00200241",
        "mirror": "github.com/passaglia/japandata-sources @ 3f31b541cc89236a9e3673f89b86e73aa3ca7149 (population/populationdata/snen/2204ssnen.xlsx)",
        "vintage": "2022-01-01",
        "licence": GOV_LICENCE,
        "attribution_ja": JUKI_ATTRIBUTION_JA,
        "attribution_en": JUKI_ATTRIBUTION_EN,
        "caveats_ja": [
            LEVEL_CAVEAT_JA + "郡計（county_total）の行もある。",
            "元表では2,277行中605行で総数が年齢階級の合計より大きい（中央値26人）。公表どおり残し、差を total_minus_age_sum 列に示した。",
        ],
        "caveats_en": [
            LEVEL_CAVEAT_EN + " There are also county-total rows (county_total).",
            ("In the source the total exceeds the sum of the age groups in 605 of 2,277 rows (median 26 persons); kept as "
            "published, the gap is in total_minus_age_sum."),
        ],
    },
    "furusato_receipts": {
        "title_ja": "ふるさと納税の受入額・受入件数の推移（2008～2020年度）",
        "title_en": "Furusato nozei (hometown tax) donations received, FY2008–2020",
        "description_ja": "47都道府県と1,741市区町村（団体）ごとの、ふるさと納税の受入額（千円）と受入件数、13年度分（縦持ち）。",
        "description_en": (
            "Hometown-tax donations received (thousand yen) and their number, by receiving government (47 prefectures "
            "and 1,741 municipalities), 13 fiscal years (long format)."
        ),
        "publisher": "総務省",
        "source_table": "ふるさと納税に関する現況調査結果（令和3年度調査）各団体の受入額及び受入件数（平成20年度～令和2年度）",
        "source_url": "https://www.soumu.go.jp/main_sosiki/jichi_zeisei/czaisei/czaisei_seido/furusato/archive/",
        "mirror": "github.com/passaglia/japandata-sources @ 999715eebf331e7f7fd3d97fa71763c957451c4c (furusatonouzei/furusatonouzeidata/donations-rough/total_gain.xlsx)",
        "vintage": "2008～2020年度",
        "licence": GOV_LICENCE,
        "attribution_ja": FURUSATO_ATTRIBUTION_JA,
        "attribution_en": FURUSATO_ATTRIBUTION_EN,
        "caveats_ja": [
            ("level が prefecture の行は「都道府県という団体」が受け入れた額で、その都道府県内の市町村の合計ではない。"
            "全国の受入額は全行の合計（都道府県＋市区町村）。"),
            "金額の単位は千円（小数あり）。2020年度の全国計は 672,489,555 千円（6,724.9億円）。",
            "2021年度以降は含まない。",
        ],
        "caveats_en": [
            ("Rows with level 'prefecture' are the prefectural government as a recipient, not the sum of its "
            "municipalities. The national total is the sum of all rows (prefectures + municipalities)."),
            "Amounts are in thousand yen (with decimals). FY2020 national total: 672,489,555 thousand yen.",
            "FY2021 and later are not included.",
        ],
    },
    "furusato_fy2020": {
        "title_ja": "ふるさと納税 2020年度の受入と募集に要した費用（団体別）",
        "title_en": "Furusato nozei FY2020: donations received and collection costs by government",
        "description_ja": (
            "2020年度の受入件数・受入額（円）、区域外からの受入、ワンストップ特例、被災地の代理受入、返礼品の調達・送付・広報・決済・"
            "事務などの費用と、受入額に占める費用の割合。47都道府県と1,741市区町村。"
        ),
        "description_en": (
            "FY2020 donations received (number, yen), from outside the area, with the one-stop exception, received on "
            "behalf of disaster areas, and the collection costs (gifts, shipping, publicity, payment, administration) "
            "with their share of receipts; 47 prefectures and 1,741 municipalities."
        ),
        "publisher": "総務省",
        "source_table": "ふるさと納税に関する現況調査結果（令和3年度調査）調査票の集計（令和2年度の受入額・募集に要した費用）",
        "source_url": "https://www.soumu.go.jp/main_sosiki/jichi_zeisei/czaisei/czaisei_seido/furusato/archive/",
        "mirror": "github.com/passaglia/japandata-sources @ 999715eebf331e7f7fd3d97fa71763c957451c4c (furusatonouzei/furusatonouzeidata/donations/R2_gain.xlsx)",
        "vintage": "2020年度",
        "licence": GOV_LICENCE,
        "attribution_ja": FURUSATO_ATTRIBUTION_JA,
        "attribution_en": FURUSATO_ATTRIBUTION_EN,
        "caveats_ja": [
            "level が prefecture の行は都道府県という団体の受入で、市町村の合計ではない。全国計は全行の合計（672,489,554,811円）。",
            "元ファイルで「市町村」とされていた大分県（44000）の行は prefecture に直した。",
            "愛媛県と久留米市の送付費用は「調達費用に含む」との注記のため空欄。",
            "cost_share_of_receipts は0～1の比（%ではない）。",
        ],
        "caveats_en": [
            ("Rows with level 'prefecture' are the prefectural government, not a sum of municipalities; the national "
            "total is the sum of all rows (672,489,554,811 yen)."),
            "The Oita prefecture row (44000), marked as a municipality in the source file, is labelled prefecture here.",
            "Shipping costs of Ehime prefecture and Kurume are empty: the source notes they are included in procurement.",
            "cost_share_of_receipts is a ratio between 0 and 1, not a percentage.",
        ],
    },
    "furusato_deductions2021": {
        "title_ja": "ふるさと納税に係る住民税の寄附金税額控除（2021年度課税）",
        "title_en": "Resident-tax deductions for furusato nozei donations (tax year 2021)",
        "description_ja": (
            "1,741市区町村の住民がした（2020年中の）ふるさと納税について、2021年度の住民税で受けた寄附金税額控除の人数・寄附額・"
            "控除額（市町村民税分と道府県民税分）とワンストップ特例の件数。いわゆる「流出額」の目安。"
        ),
        "description_en": (
            "For residents of each of the 1,741 municipalities: persons, donations (made in 2020) and the deduction "
            "from the 2021 resident tax (municipal and prefectural parts), plus one-stop notifications; a proxy of the "
            "tax revenue each municipality loses."
        ),
        "publisher": "総務省",
        "source_table": "令和3年度課税におけるふるさと納税に係る寄附金税額控除の適用状況",
        "source_url": "https://www.soumu.go.jp/main_sosiki/jichi_zeisei/czaisei/czaisei_seido/furusato/archive/",
        "mirror": "github.com/passaglia/japandata-sources @ 999715eebf331e7f7fd3d97fa71763c957451c4c (furusatonouzei/furusatonouzeidata/deductions/R3_loss.xlsx)",
        "vintage": "2021年度課税（2020年中の寄附）",
        "licence": GOV_LICENCE,
        "attribution_ja": FURUSATO_ATTRIBUTION_JA,
        "attribution_en": FURUSATO_ATTRIBUTION_EN,
        "caveats_ja": [
            "寄附は2020年（暦年）中のもの、控除は2021年度の課税。受入（furusato_fy2020）とは期間も意味も違う。",
            "控除額は公表どおり（円未満の端数あり）。",
            "都道府県・全国の行はない。",
        ],
        "caveats_en": [
            "Donations made in calendar 2020, deducted in tax year 2021: a different period and meaning from receipts (furusato_fy2020).",
            "Deduction amounts as published (with fractions of a yen).",
            "No prefecture or national rows.",
        ],
    },
    "zaisei": {
        "title_ja": "全市町村の主要財政指標（2005～2021年度決算）",
        "title_en": "Main fiscal indicators of all municipalities, FY2005–2021",
        "description_ja": (
            "市町村・特別区ごとの財政力指数、経常収支比率、実質公債費比率、将来負担比率、ラスパイレス指数（2005～2007年度は起債制限比率も）、"
            "17年度分（縦持ち）。"
        ),
        "description_en": (
            "Fiscal strength index, current balance ratio, real debt service ratio, future burden ratio and Laspeyres "
            "index (bond restriction ratio for FY2005–07) of every municipality and special ward, 17 fiscal years (long format)."
        ),
        "publisher": "総務省",
        "source_table": "全市町村の主要財政指標（平成17年度～令和3年度決算）",
        "source_url": "https://www.soumu.go.jp/iken/shihyo_ichiran.html",
        "mirror": "github.com/passaglia/japandata-sources @ 943177db52f1767675472ce39ec42893ba4da0d8 (indices/indices.tar.gz)",
        "vintage": "2005～2021年度決算",
        "licence": GOV_LICENCE,
        "attribution_ja": "出典：総務省『全市町村の主要財政指標』を加工して作成",
        "attribution_en": (
            "Source: Ministry of Internal Affairs and Communications (MIC), main fiscal indicators of all "
            "municipalities, processed by the workbook authors."
        ),
        "caveats_ja": [
            "2005～2010年度には、2011年度より前に合併などでなくなった団体の行がありコードが空欄（pref_code と名前はある）。",
            ("2020年の市区町村にないコード・コードのない行の level は名前の末尾（市・町・村）から決めた。"
            "is_basic_municipality はその年度の市町村・特別区の行なら True（2014年度以降は毎年1,741行）。"),
            "2005～2010年度の「全国市町村 平均」の行は code 00000、level national とした（合計ではなく平均）。",
            "東京23区の値は算定方法が違い元表で括弧付き（note_value_in_parentheses が True）。",
            "将来負担比率が空欄なのは、元表の「－」（比率がマイナス＝将来負担がない）の場合を含む。起債制限比率は2005～2007年度のみ。",
            "元データの浮動小数点の誤差（11.200000000000001 など）は小数6桁に丸めて除いた（公表値は変わらない）。",
        ],
        "caveats_en": [
            "FY2005–2010 include municipalities merged away before FY2011; their code is empty (pref_code and name are kept).",
            ("For codes not in the 2020 list and rows without a code, level comes from the name ending (市/町/村). "
            "is_basic_municipality is True for every municipality or special ward row of its year (1,741 a year from FY2014)."),
            "The 'national average of municipalities' rows of FY2005–2010 have code 00000 and level national (an average, not a sum).",
            "Tokyo's 23 wards are computed on a different basis (in parentheses in the source; note_value_in_parentheses True).",
            ("An empty future burden ratio includes the source's '－' (the ratio is not positive). The bond restriction "
            "ratio exists for FY2005–07 only."),
            "Binary floating-point noise (e.g. 11.200000000000001) was removed by rounding to 6 decimals; published values are unchanged.",
        ],
    },
    "mynumbercard": {
        "title_ja": "マイナンバーカードの交付状況（市区町村別、2017～2022年）",
        "title_en": "My Number Card issuance by municipality, 2017–2022",
        "description_ja": "1,741市区町村ごとの住民基本台帳人口、マイナンバーカードの交付枚数と交付率。2017-03-08から2022-12-31までの47時点（縦持ち）。",
        "description_en": (
            "Resident-register population, My Number Cards issued and issuance rate for the 1,741 municipalities at 47 "
            "dates from 2017-03-08 to 2022-12-31 (long format)."
        ),
        "publisher": "総務省",
        "source_table": "マイナンバーカード交付状況について（市区町村別交付枚数等）",
        "source_url": "https://www.soumu.go.jp/kojinbango_card/",
        "mirror": (
            "github.com/codeforjapan/mynumbercard_statistics @ 3c7a1dad4d97bca11b305869a09229d19463f0da "
            "(gh-pages, static/data/*/all_localgovs.csv; CSV conversion by Code for Japan, code MIT)"
        ),
        "vintage": "2017-03-08～2022-12-31（47時点）",
        "licence": GOV_LICENCE + "; CSV化: Code for Japan",
        "attribution_ja": "出典：総務省『マイナンバーカード交付状況について』（Code for Japan によるCSV化データを加工）",
        "attribution_en": (
            "Source: Ministry of Internal Affairs and Communications (MIC), My Number Card issuance status "
            "(processed from the CSV conversion by Code for Japan)."
        ),
        "caveats_ja": [
            "時点の間隔は不規則。交付率の分母は各時点の人口算出基準日（各年1月1日）の住民基本台帳人口。",
            "総務省のPDF・Excelを Code for Japan がCSVにしたもの（値は内部の整合性でのみ確認）。",
            "2021-08～2022-12 の三宅村・八丈町はコードが欠けていたため名前で補った。",
            "都道府県・全国の行はない（全国の交付率は市区町村を足して計算する）。",
        ],
        "caveats_en": [
            "Irregular dates. The rate's denominator is the resident-register population at population_base_date (1 January).",
            "Values were extracted from MIC's PDF/Excel by Code for Japan (checked for internal consistency only).",
            "For 2021-08 … 2022-12 the codes of Miyake and Hachijo were missing and were filled by name.",
            "No prefecture or national rows (compute national rates from the municipal sums).",
        ],
    },
    "ipss2018_projection": {
        "title_ja": "日本の地域別将来推計人口（平成30(2018)年推計）男女・年齢5歳階級別",
        "title_en": "IPSS regional population projections (2018): by sex and 5-year age group, 2015–2045",
        "description_ja": (
            "都道府県・市区町村・政令市（12市は区も）ごとの2015年（基準人口）と2020～2045年の推計人口、男女・5歳階級（90歳以上まで）別。"
            "is_projection が True の行が推計値。"
        ),
        "description_en": (
            "Population of prefectures, municipalities and designated cities (wards for 12 of them) in 2015 (base) "
            "and projected for 2020–2045, by sex and 5-year age group up to 90+. Rows with is_projection are projections."
        ),
        "publisher": "国立社会保障・人口問題研究所",
        "source_table": "日本の地域別将来推計人口（平成30(2018)年推計）男女・年齢（5歳）階級別の推計結果一覧（suikei_kekka.xls）",
        "source_url": "https://www.ipss.go.jp/pp-shicyoson/j/shicyoson18/t-page.asp",
        "mirror": (
            "github.com/mazarimono/jinko-pyramid @ d28026fa963aa403abaff16f69324f034bfee840 "
            "(data/sousu.csv, men.csv, women.csv; CSV conversion of the IPSS Excel)"
        ),
        "vintage": "2015年（基準）～2045年、2018年3月公表",
        "licence": "出典を明記して利用可（国立社会保障・人口問題研究所）/ free to use with the source cited (IPSS)",
        "attribution_ja": (
            "出典：国立社会保障・人口問題研究所『日本の地域別将来推計人口（平成30(2018)年推計）』"
            "（男女・年齢（5歳）階級別の推計結果）を加工して作成"
        ),
        "attribution_en": (
            "Source: National Institute of Population and Social Security Research (IPSS), Regional Population "
            "Projections for Japan (2018), results by sex and 5-year age group, processed by the workbook authors."
        ),
        "caveats_ja": [
            "福島県は県全体のみ（2018年推計では市町村別の推計なし）。59市町村の行がない。",
            "政令市の区は1999年までに指定された12市のみ（さいたま・千葉以外の2003年以降の8市は市全体のみ）。",
            "全国の行はない（47都道府県を足す）。最上位の年齢階級は90歳以上。",
            "区域は2018年時点（例: 40305 那珂川町。2018年10月に那珂川市 40231）。",
            "2015年の年齢別人口は年齢不詳を按分した値で、国勢調査の生の年齢別人口（不詳あり）とは一致しない。",
            ("level は census2020 の区分を使い、IPSS の町村区分（市などの別=3）は名前で町・村に分けた。元の区分は ipss_kind。"
            "is_basic_municipality は市町村＋特別区の行（都道府県ごとに足すと都道府県の値になる、福島県を除く）。"),
        ],
        "caveats_en": [
            "Fukushima is projected only as a whole (no municipal projections in the 2018 edition): 59 municipalities are absent.",
            "Wards exist only for the 12 cities designated before 2000; the 8 designated from 2003 on have city totals only.",
            "No national row (sum the 47 prefectures). The top age group is 90+.",
            "Areas as of 2018 (e.g. 40305 Nakagawa town, which became Nakagawa city 40231 in October 2018).",
            "2015 ages have unknowns distributed, so they differ from the raw census age table (which has an unknown column).",
            ("level follows census2020; IPSS's town-or-village class (3) is split by the name ending; the source class is "
            "ipss_kind. is_basic_municipality marks municipality and special-ward rows (they sum to their prefecture, except Fukushima)."),
        ],
    },
    "code_history": {
        "title_ja": "市区町村コードの変更履歴（廃置分合等、1970～2024年）",
        "title_en": "Municipality code change history (mergers, renames, new wards …), 1970–2024",
        "description_ja": (
            "1970-04-20から2024-01-01までの合併・編入・名称変更・市制施行・政令市移行・区の新設や再編などの全件（旧コード→新コードの組ごとに1行）。"
            "古いコードのデータを今の市区町村に対応づけるのに使う。"
        ),
        "description_en": (
            "Every code change (mergers, absorptions, renames, town/city status, designated-city transitions, ward "
            "creation and reorganisation) from 1970-04-20 to 2024-01-01, one row per old → new code pair; for mapping "
            "data on old codes to today's municipalities."
        ),
        "publisher": "総務省統計局・独立行政法人統計センター（e-Stat）",
        "source_table": "市区町村を探す 廃置分合等情報",
        "source_url": "https://www.e-stat.go.jp/municipalities/cities/absorption-separation-of-municipalities",
        "mirror": (
            "github.com/tsutomu-nagano/region-api @ 6c9911b788e7b728696a41411bf3cbb913d69008 (Merger.csv, unmodified e-Stat download); "
            "github.com/UchidaMizuki/jpcity @ db2f5680829738bd2652198b07d43c478b2903ef (17 郡・支庁 rows, replay check)"
        ),
        "vintage": "1970-04-20～2024-01-01",
        "licence": "e-Stat 利用規約（" + GOV_LICENCE + "）",
        "attribution_ja": "出典：政府統計の総合窓口(e-Stat)（https://www.e-stat.go.jp/） 市区町村を探す 廃置分合等情報 を加工して作成",
        "attribution_en": (
            "Source: Portal Site of Official Statistics of Japan (e-Stat, https://www.e-stat.go.jp/), municipality "
            "change information (廃置分合等情報), processed by the workbook authors."
        ),
        "caveats_ja": [
            "1970-04-01より前（昭和の大合併など）は含まない。",
            "1972年の沖縄の復帰、1983年の北方領土のコードは行として含まない。",
            "コードの変わらない境界変更は含まない（改正事由に書かれた一部区域の移動を除く）。",
            "状態の変更と名称変更が同時の場合は状態の変更（市制施行など）として1行にし、詳細は note にある。",
            "同じ日に続けて起きた変更がある（例: 1995-09-01 大野村→鹿島町→鹿嶋市）。順に適用すること。",
            "郡・支庁だけに関わる17行は jpcity の e-Stat ダウンロードから補った（source 列）。",
        ],
        "caveats_en": [
            "Nothing before 1970-04-01 (e.g. the Showa-era mergers).",
            "Okinawa's 1972 return and the 1983 Northern Territories codes are not rows.",
            "Boundary changes that change no code are absent (except partial transfers named in the event text).",
            "A status change combined with a rename is one row of the status change (details in note).",
            "Same-day chains exist (e.g. 1995-09-01 Ono village → Kashima town → Kashima city); apply them in order.",
            "17 rows about counties and subprefectures come from jpcity's e-Stat download (see source).",
        ],
    },
}

# ------------------------------------------------------------------------------------ columns
# name: (unit, description_ja, description_en); per-dataset overrides in DATASET_COLUMNS.
COLUMNS: dict[str, tuple[str, str, str]] = {
    "code": ("", "全国地方公共団体コード5桁（検査数字なし、文字列）。全国 00000、都道府県 PP000",
             "5-digit local government code (no check digit, string); Japan 00000, prefectures PP000"),
    "code6": ("", "全国地方公共団体コード6桁（検査数字付き、文字列）", "6-digit local government code with check digit (string)"),
    "pref_code": ("", "都道府県コード2桁（文字列）", "2-digit prefecture code (string)"),
    "pref_name": ("", "都道府県名", "Prefecture name"),
    "name": ("", "名称（政令市の区は「札幌市中央区」のように市名付き）", "Name (wards include the city, e.g. 札幌市中央区)"),
    "level": ("", ("区分: national, prefecture, designated_city（政令市）, designated_city_ward（政令市の区）, "
                  "special_wards_total（特別区部）, special_ward（特別区）, city, town, village, county_total（郡計）, "
                  "northern_territories_village（北方領土の村）"),
              ("Level: national, prefecture, designated_city, designated_city_ward, special_wards_total, special_ward, "
              "city, town, village, county_total, northern_territories_village")),
    "is_basic_municipality": ("", "基礎自治体（市町村＋特別区、政令市は市全体）の行なら True。全国の合計はこの行を足す",
                              "True for basic municipalities (cities, towns, villages, special wards; designated cities whole); sum these for Japan"),
    "parent_code": ("", "政令市の区・特別区の親（政令市、または特別区部 13100）のコード",
                    "Code of the parent of a ward (the designated city, or 13100 for Tokyo's special wards)"),
    "sex": ("", "男女の別: total（総数）, male（男）, female（女）", "Sex: total, male, female"),
    "population": ("人", "人口（総数）", "Population (total)"),
    "pop_male": ("人", "人口（男）", "Population, male"),
    "pop_female": ("人", "人口（女）", "Population, female"),
    "area_km2": ("km²", "面積", "Area"),
    "year": ("年", "年（各年10月1日現在）", "Year (as of 1 October)"),
    "fiscal_year": ("年度", "年度（4月～翌年3月）", "Fiscal year (April to March)"),
    "kind": ("", "種別: designated_city（政令市）, ward（政令市の区）, special_ward（特別区）, city, town, village",
             "Kind: designated_city, ward, special_ward, city, town, village"),
    "name_kana": ("", "よみがな（ひらがな）", "Reading in hiragana"),
    "name_romaji": ("", "ローマ字表記（地名集日本の方式、長音記号なし。例 Tsumagoi Mura）",
                    "Romanised name (Gazetteer of Japan style, no macrons, e.g. Tsumagoi Mura)"),
    "northern_territories": ("", "北方領土の村なら True", "True for the Northern Territories villages"),
    "city_code": ("", "市単位の境界でのコード（政令市の区は政令市のコード、それ以外は自分のコード）",
                  "Code in the municipality layer (the designated city for its wards, otherwise the own code)"),
    "geom_src": ("", "図形の出典: N03-2022-fullres（N03-2022 を簡略化）または N03-2021-smartnews-s0010（N03-2021、粗い）",
                 "Shape source: N03-2022-fullres (N03-2022, simplified) or N03-2021-smartnews-s0010 (N03-2021, coarser)"),
    "geometry": ("", "境界の図形（経緯度、EPSG:4326）", "Boundary shape (lon/lat, EPSG:4326)"),
    "pref_kana": ("", "都道府県名のよみ", "Prefecture name in hiragana"),
    "pref_romaji": ("", "都道府県名のローマ字", "Prefecture name in romaji"),
    "households": ("世帯", "世帯数", "Households"),
    "households_total": ("世帯", "世帯数（総数）", "Households (total)"),
}
for _a in range(0, 100, 5):
    COLUMNS[f"age_{_a:02d}_{_a + 4:02d}"] = ("人", f"{_a}～{_a + 4}歳の人口", f"Population aged {_a}–{_a + 4}")
COLUMNS["age_100p"] = ("人", "100歳以上の人口", "Population aged 100 and over")
COLUMNS["age_90p"] = ("人", "90歳以上の人口", "Population aged 90 and over")
COLUMNS["age_unknown"] = ("人", "年齢不詳の人口", "Population of unknown age")

_CENSUS2020 = {
    "name_en": ("", "英語名（統計局の表記）", "English name (Statistics Bureau spelling)"),
    "area_type_code": ("", "統計局の地域識別コード（a: 全国・都道府県、1: 政令市・特別区部、0: 区、2: 市、3: 町村）",
                       "Statistics Bureau area type (a: Japan/prefecture, 1: designated city/ward area, 0: ward, 2: city, 3: town/village)"),
    "pop_2015_on_2020_boundaries": ("人", "2015年の人口（2020年の境域に組み替えた公式値）", "2015 population on 2020 boundaries (official)"),
    "pop_change_2015_2020": ("人", "2015年からの人口増減数", "Population change since 2015"),
    "pop_change_rate_2015_2020_pct": ("%", "2015年からの人口増減率", "Population change rate since 2015"),
    "area_km2": ("km²", "面積（統計局の掲載値、国土地理院の面積調による）", "Area (Statistics Bureau's published value, from GSI)"),
    "pop_density_per_km2": ("人/km²", "人口密度", "Population density"),
    "mean_age": ("歳", "平均年齢（不詳補完値）", "Mean age (imputed)"),
    "median_age": ("歳", "年齢中位数（不詳補完値）", "Median age (imputed)"),
    "sex_ratio_males_per_100_females": ("", "人口性比（女性100人に対する男性の数）", "Sex ratio (males per 100 females)"),
    "pop_japanese": ("人", "日本人人口（不詳補完値）", "Japanese population (imputed)"),
    "pop_foreign": ("人", "外国人人口（不詳補完値）", "Foreign population (imputed)"),
    "households_private": ("世帯", "一般世帯数", "Private households"),
    "households_institutional": ("世帯", "施設等の世帯数", "Institutional households"),
    "households_2015_on_2020_boundaries": ("世帯", "2015年の世帯数（2020年の境域に組替）", "2015 households on 2020 boundaries"),
    "hh_nuclear_family": ("世帯", "核家族世帯数", "Nuclear-family households"),
    "hh_couple_only": ("世帯", "夫婦のみの世帯数", "Couple-only households"),
    "hh_couple_with_children": ("世帯", "夫婦と子供から成る世帯数", "Couple-with-children households"),
    "hh_father_with_children": ("世帯", "男親と子供から成る世帯数", "Father-with-children households"),
    "hh_mother_with_children": ("世帯", "女親と子供から成る世帯数", "Mother-with-children households"),
    "hh_one_person": ("世帯", "単独世帯数", "One-person households"),
    "hh_one_person_65p": ("世帯", "65歳以上の単独世帯数", "One-person households aged 65+"),
    "hh_elderly_couple_only_husband65p_wife60p": ("世帯", "高齢夫婦世帯数（夫65歳以上・妻60歳以上の夫婦のみ）",
                                                  "Elderly-couple households (husband 65+, wife 60+, couple only)"),
    "hh_three_generation": ("世帯", "3世代世帯数", "Three-generation households"),
    "pop15p_lfs": ("人", "15歳以上人口（労働力状態の集計対象、不詳補完値）", "Population 15+ (labour force base, imputed)"),
    "labour_force15p": ("人", "労働力人口（15歳以上）", "Labour force (15+)"),
    "labour_force_rate_pct": ("%", "労働力率", "Labour force participation rate"),
    "employed15p": ("人", "就業者数（15歳以上）", "Employed persons (15+)"),
    "employed_primary": ("人", "第1次産業就業者数", "Employed in the primary sector"),
    "employed_secondary": ("人", "第2次産業就業者数", "Employed in the secondary sector"),
    "employed_tertiary": ("人", "第3次産業就業者数", "Employed in the tertiary sector"),
    "share_primary_pct": ("%", "第1次産業就業者の割合", "Share employed in the primary sector"),
    "share_secondary_pct": ("%", "第2次産業就業者の割合", "Share employed in the secondary sector"),
    "share_tertiary_pct": ("%", "第3次産業就業者の割合", "Share employed in the tertiary sector"),
    "employed_agriculture_forestry": ("人", "農業，林業の就業者数", "Employed in agriculture and forestry"),
    "employed_accommodation_food": ("人", "宿泊業，飲食サービス業の就業者数", "Employed in accommodation and food services"),
    "daytime_population": ("人", "昼間人口", "Daytime population"),
    "daytime_night_ratio": ("%", "昼夜間人口比率（常住人口100人あたりの昼間人口）", "Daytime/night-time population ratio (per 100 residents)"),
    "outflow_commuters": ("人", "流出人口（他の市区町村へ通勤・通学する人）。全国は空欄", "Outbound commuters and students (empty for Japan)"),
    "inflow_commuters": ("人", "流入人口（他の市区町村から通勤・通学してくる人）。全国は空欄", "Inbound commuters and students (empty for Japan)"),
}
for _g, _ja, _en in [("0_14", "15歳未満", "under 15"), ("15_64", "15～64歳", "15–64"), ("65p", "65歳以上", "65+")]:
    _CENSUS2020[f"pop_age{_g}"] = ("人", f"{_ja}人口（不詳補完値）", f"Population aged {_en} (imputed)")
    _CENSUS2020[f"share_age{_g}_pct"] = ("%", f"{_ja}人口の割合", f"Share of population aged {_en}")
    for _s, _sja, _sen in [("male", "男", "male"), ("female", "女", "female")]:
        _CENSUS2020[f"{_s}_age{_g}"] = ("人", f"{_ja}人口（{_sja}、不詳補完値）", f"Population aged {_en}, {_sen} (imputed)")
        _CENSUS2020[f"{_s}_share_age{_g}_pct"] = ("%", f"{_sja}の人口に占める{_ja}の割合", f"Share aged {_en} among {_sen}s")

_MASTER = {
    "pref_code6": ("", "都道府県の6桁コード（検査数字付き、例 群馬県 100005）", "6-digit prefecture code with check digit (e.g. 100005)"),
    "gun_name": ("", "郡名（町村のみ）", "County (gun) name, towns and villages only"),
    "display_name": ("", "表示名（政令市の区は「札幌市 中央区」のように空白入り）", "Display name (wards with a space, e.g. 札幌市 中央区)"),
    "romaji_source": ("", "ローマ字の出所: GSI_gazetteer / GSI_gazetteer_corrected / generated_from_kana",
                      "Romaji source: GSI_gazetteer / GSI_gazetteer_corrected / generated_from_kana"),
    "kind_ja": ("", "種別（日本語: 政令指定都市、行政区、特別区、市、町、村）", "Kind in Japanese"),
    "parent_code": ("", "政令市の区の親（政令市）のコード", "Code of the designated city a ward belongs to"),
    "office_lat": ("度", "役所・役場の緯度（北方領土の村は空欄）", "Latitude of the town hall (empty for the Northern Territories)"),
    "office_lon": ("度", "役所・役場の経度（北方領土の村は空欄）", "Longitude of the town hall (empty for the Northern Territories)"),
    "area_km2": ("km²", "面積（N03 の境界から計算した値。公式の面積調ではない）", "Area computed from the N03 boundaries (not GSI's official table)"),
    "area_source": ("", "面積の計算方法（計算に使った図形、または区の合計）", "How the area was computed (source shapes, or sum of wards)"),
    "url": ("", "公式ウェブサイトのURL", "Official website"),
    "in_wards_layer": ("", "区単位の境界（boundaries_ward）にあれば True", "True if in boundaries_ward"),
    "in_municipalities_layer": ("", "市単位の境界（boundaries_municipality）にあれば True", "True if in boundaries_municipality"),
    "n03_name": ("", "国土数値情報 N03 での名称（政令市は空欄）", "Name in N03 (empty for designated cities)"),
}
_BOUNDARY = {
    "area_km2": ("km²", "面積（簡略化前の図形から計算。公式の面積調ではない）", "Area computed from the unsimplified shapes (not GSI's official table)"),
    "n_wards": ("", "区の数（政令市のみ、他は0）", "Number of wards (designated cities; 0 otherwise)"),
    "parent_code": ("", "政令市の区の親（政令市）のコード", "Code of the designated city a ward belongs to"),
}
_PREFECTURE = {
    "code6": ("", "都道府県の6桁コード（検査数字付き）", "6-digit prefecture code with check digit"),
    "name": ("", "都道府県名", "Prefecture name"),
    "kind": ("", "種別（常に prefecture）", "Kind (always prefecture)"),
    "iso3166_2": ("", "ISO 3166-2 コード（例 JP-10）", "ISO 3166-2 code (e.g. JP-10)"),
    "n_municipalities": ("", "市町村＋特別区の数（北方領土を除く）", "Number of municipalities and special wards (without the Northern Territories)"),
    "area_km2": ("km²", "面積（市区町村の計算面積の合計。所属未定地を含まない）", "Area (sum of computed municipal areas; unassigned land excluded)"),
}
_TIMESERIES = {
    "population": ("人", "国勢調査人口（2020年の境域。三宅村2000年は空欄）", "Census population on 2020 boundaries (Miyake 2000 empty)"),
    "pop_male": ("人", "人口（男）。1980・2020年のみ", "Population, male (1980 and 2020 only)"),
    "pop_female": ("人", "人口（女）。1980・2020年のみ", "Population, female (1980 and 2020 only)"),
    "households_total": ("世帯", "世帯数。2015・2020年のみ", "Households (2015 and 2020 only)"),
    "method": ("", "その年の値の出し方（出典と組替の方法）", "How the year's value was obtained (source and re-aggregation)"),
}
_JUKI = {
    "population": ("人", "住民基本台帳人口（日本人住民＋外国人住民）", "Registered population (Japanese and foreign residents)"),
    "households": ("世帯", "世帯数", "Households"),
    "in_domestic": ("人", "転入者数（国内から、2021年）", "Moved in from within Japan (2021)"),
    "in_abroad": ("人", "転入者数（国外から、2021年）", "Moved in from abroad (2021)"),
    "in_total": ("人", "転入者数（計、2021年）", "Moved in, total (2021)"),
    "births": ("人", "出生者数（2021年）", "Births (2021)"),
    "in_other": ("人", "その他の記載による増加（帰化など、2021年）", "Other additions to the register (2021)"),
    "added_total": ("人", "増加数の計（2021年）", "Total additions (2021)"),
    "out_domestic": ("人", "転出者数（国内へ、2021年）", "Moved out within Japan (2021)"),
    "out_abroad": ("人", "転出者数（国外へ、2021年）", "Moved out abroad (2021)"),
    "out_total": ("人", "転出者数（計、2021年）", "Moved out, total (2021)"),
    "deaths": ("人", "死亡者数（2021年）", "Deaths (2021)"),
    "out_other": ("人", "その他の消除による減少（2021年）", "Other removals from the register (2021)"),
    "removed_total": ("人", "減少数の計（2021年）", "Total removals (2021)"),
    "change": ("人", "人口増減数（2021年）", "Population change (2021)"),
    "change_rate_pct": ("%", "人口増減率（2021年）", "Population change rate (2021)"),
    "natural_change": ("人", "自然増減数（出生−死亡、2021年）", "Natural change (births − deaths, 2021)"),
    "natural_change_rate_pct": ("%", "自然増減率（2021年）", "Natural change rate (2021)"),
    "social_change": ("人", "社会増減数（転入−転出など、2021年）", "Social change (moves in − out etc., 2021)"),
    "social_change_rate_pct": ("%", "社会増減率（2021年）", "Social change rate (2021)"),
    "total_minus_age_sum": ("人", "総数と年齢階級の合計の差（元表の性質、公表どおり）",
                            "Total minus the sum of the age groups (a property of the source, kept as published)"),
}
_FURUSATO_LEVEL = ("", "区分。prefecture は都道府県という団体（市町村の合計ではない）、それ以外は census2020 の区分",
                   "Level: prefecture = the prefectural government as recipient (not a sum of municipalities); others as in census2020")
_FURUSATO = {
    "level": _FURUSATO_LEVEL,
    "amount_thousand_yen": ("千円", "受入額", "Donations received"),
    "count": ("件", "受入件数", "Number of donations received"),
    "amount_yen": ("円", "受入額", "Donations received"),
    "count_from_outside": ("件", "区域外からの受入件数", "Donations from outside the area"),
    "amount_from_outside_yen": ("円", "区域外からの受入額", "Amount from outside the area"),
    "count_with_onestop_application": ("件", "ワンストップ特例の申請があった受入件数", "Donations with a one-stop exception application"),
    "amount_with_onestop_application_yen": ("円", "ワンストップ特例の申請があった受入額", "Amount with a one-stop exception application"),
    "count_proxy_for_disaster_areas": ("件", "被災地の代理受入の件数", "Donations received on behalf of disaster areas"),
    "amount_proxy_for_disaster_areas_yen": ("円", "被災地の代理受入の額", "Amount received on behalf of disaster areas"),
    "cost_gifts_procurement_yen": ("円", "返礼品等の調達に係る費用", "Cost of procuring return gifts"),
    "cost_gifts_shipping_yen": ("円", "返礼品等の送付に係る費用（愛媛県・久留米市は調達費に含むため空欄）",
                                "Cost of shipping return gifts (empty for Ehime and Kurume: included in procurement)"),
    "cost_publicity_yen": ("円", "広報に係る費用", "Publicity cost"),
    "cost_payment_fees_yen": ("円", "決済等に係る費用", "Payment fees"),
    "cost_administration_yen": ("円", "事務に係る費用", "Administration cost"),
    "cost_other_yen": ("円", "その他の費用", "Other costs"),
    "cost_total_yen": ("円", "募集に要した費用の合計", "Total cost of collecting donations"),
    "cost_share_of_receipts": ("", "受入額に占める費用の割合（0～1の比）", "Costs as a share of receipts (ratio 0–1)"),
    "onestop_notifications": ("件", "ワンストップ特例（申告特例通知書）の件数", "One-stop exception notifications"),
    "furusato_persons_muni_tax": ("人", "寄附金税額控除を受けた人数（市町村民税）", "Persons with a deduction (municipal tax)"),
    "furusato_donations_yen_muni_tax": ("円", "控除の対象となった寄附金額（市町村民税）", "Donations underlying the deduction (municipal tax)"),
    "deduction_muni_tax_yen": ("円", "寄附金税額控除額（市町村民税）", "Tax deduction (municipal tax)"),
    "furusato_persons_pref_tax": ("人", "寄附金税額控除を受けた人数（道府県民税）", "Persons with a deduction (prefectural tax)"),
    "furusato_donations_yen_pref_tax": ("円", "控除の対象となった寄附金額（道府県民税）", "Donations underlying the deduction (prefectural tax)"),
    "deduction_pref_tax_yen": ("円", "寄附金税額控除額（道府県民税）", "Tax deduction (prefectural tax)"),
}
_ZAISEI = {
    "code": ("", "全国地方公共団体コード5桁（2011年度より前になくなった団体は空欄、全国平均は 00000）",
             "5-digit code (empty for municipalities gone before FY2011; 00000 for the national average)"),
    "code6": ("", "6桁コード（検査数字付き、コードのない行は空欄）", "6-digit code with check digit (empty where no code)"),
    "fiscal_strength_index": ("指数", "財政力指数（3か年平均）", "Fiscal strength index (3-year average)"),
    "current_balance_ratio_pct": ("%", "経常収支比率", "Current balance ratio"),
    "real_debt_service_ratio_pct": ("%", "実質公債費比率", "Real debt service ratio"),
    "future_burden_ratio_pct": ("%", "将来負担比率（空欄は該当なし＝負担がない場合を含む）", "Future burden ratio (empty includes 'not positive')"),
    "laspeyres_index": ("指数", "ラスパイレス指数（職員給与の国家公務員との比較、国=100）", "Laspeyres index of staff salaries (national civil service = 100)"),
    "bond_restriction_ratio_pct": ("%", "起債制限比率（2005～2007年度のみ）", "Bond restriction ratio (FY2005–07 only)"),
    "note_value_in_parentheses": ("", "元表で括弧付きの値なら True（東京23区: 算定方法が異なる）", "True if printed in parentheses (Tokyo's 23 wards: different basis)"),
    "is_basic_municipality": ("", "その年度の市町村・特別区の行なら True（全国平均の行は False）",
                              "True for a municipality or special ward of that year (False for the national average)"),
}
_MYNUMBER = {
    "as_of": ("", "集計時点（交付枚数の基準日）", "Date of the figures (cards counted up to this date)"),
    "population_juki": ("人", "住民基本台帳人口（人口算出基準日時点）", "Resident-register population at population_base_date"),
    "cards_issued": ("枚", "マイナンバーカードの交付枚数（累計）", "My Number Cards issued (cumulative)"),
    "issuance_rate_pct": ("%", "人口に対する交付枚数率", "Cards issued per 100 residents"),
    "population_base_date": ("", "人口算出基準日", "Reference date of the population"),
    "cards_base_date": ("", "交付枚数の基準日", "Reference date of the card count"),
    "source_file": ("", "Code for Japan のCSVのファイル名", "File name of the Code for Japan CSV"),
}
_IPSS = {
    "name_source": ("", "元表での名称（政令市の区は市名と区名の間に空白）", "Name as in the source (space between city and ward)"),
    "ipss_kind": ("", "IPSS の「市などの別」（a: 都道府県, 1: 政令市, 0: 区, 2: 市, 3: 町村）",
                  "IPSS area class (a: prefecture, 1: designated city, 0: ward, 2: city, 3: town/village)"),
    "year": ("年", "年（10月1日現在。2015年は基準人口）", "Year (1 October; 2015 is the base population)"),
    "is_projection": ("", "推計値なら True（2015年は False）", "True for projected years (False for 2015)"),
    "population": ("人", "人口（総数）", "Population (total)"),
    "is_basic_municipality": ("", "市町村・特別区の行なら True（都道府県ごとに足すと都道府県の値、福島県を除く）",
                              "True for municipality and special-ward rows (they sum to the prefecture, except Fukushima)"),
}
_CODE_HISTORY = {
    "event_id": ("", "変更の識別子（施行日＋連番）。1つの変更の行は同じ値", "Event id (date + sequence); rows of one event share it"),
    "date": ("", "施行日", "Date the change took effect"),
    "kind": ("", "変更の種類（新設合併、編入合併、名称変更、市制施行、町制施行、政令市移行、区の新設、郡の廃止 など）",
             "Kind of change (新設合併 merger, 編入合併 absorption, 名称変更 rename, 市制施行 city status, 政令市移行, 区の新設 …)"),
    "old_code": ("", "変更前のコード（5桁、文字列）", "Code before the change (5 digits, string)"),
    "old_pref": ("", "変更前の都道府県", "Prefecture before"),
    "old_district": ("", "変更前の郡・政令市・支庁", "County, designated city or subprefecture before"),
    "old_name": ("", "変更前の名称", "Name before"),
    "old_name_kana": ("", "変更前の名称のよみ", "Name before, in kana"),
    "old_level": ("", "変更前の単位（市町村、行政区、特別区、郡、支庁）", "Unit before (市町村, 行政区, 特別区, 郡, 支庁)"),
    "new_code": ("", "変更後のコード（5桁、文字列）", "Code after the change (5 digits, string)"),
    "new_pref": ("", "変更後の都道府県", "Prefecture after"),
    "new_district": ("", "変更後の郡・政令市・支庁", "County, designated city or subprefecture after"),
    "new_name": ("", "変更後の名称", "Name after"),
    "new_name_kana": ("", "変更後の名称のよみ", "Name after, in kana"),
    "new_level": ("", "変更後の単位", "Unit after"),
    "old_code_survives": ("", "変更後も旧コードが有効なら True（同じコードのままの名称変更など）。旧側がなければ空欄",
                          "True if the old code stays valid after the event; empty when there is no old side"),
    "area_note": ("", "一部区域の移動の説明（例: 浜松市北区の三方原地区）", "Partial area moved (e.g. 三方原地区 of Hamamatsu Kita-ku)"),
    "note": ("", "補足（名称変更を伴う市制施行など）", "Notes (e.g. city status combined with a rename)"),
    "old_name_in_text": ("", "改正事由に書かれた旧名称", "Old name as written in the event text"),
    "new_name_in_text": ("", "改正事由に書かれた新名称", "New name as written in the event text"),
    "event_text": ("", "改正事由の文（括弧・数字・空白は半角に統一）", "Event text (brackets, digits and spaces made ASCII)"),
    "source": ("", "行の出所: e-Stat/region-api または e-Stat/jpcity", "Row source: e-Stat/region-api or e-Stat/jpcity"),
}

DATASET_COLUMNS: dict[str, dict] = {
    "municipalities": _MASTER,
    "boundaries_municipality": _BOUNDARY,
    "boundaries_ward": _BOUNDARY,
    "boundaries_prefecture": _PREFECTURE,
    "census2020": _CENSUS2020,
    "census2020_age": {},
    "census_timeseries": _TIMESERIES,
    "census1980_age": {},
    "juki2022": _JUKI,
    "juki2022_age": _JUKI,
    "furusato_receipts": _FURUSATO,
    "furusato_fy2020": _FURUSATO,
    "furusato_deductions2021": _FURUSATO | {"level": COLUMNS["level"]},
    "zaisei": _ZAISEI,
    "mynumbercard": _MYNUMBER,
    "ipss2018_projection": _IPSS,
    "code_history": _CODE_HISTORY,
}


def column_doc(dataset: str, column: str) -> dict:
    """``{"unit", "description_ja", "description_en"}`` of ``column`` in ``dataset``; KeyError if undocumented."""
    entry = DATASET_COLUMNS[dataset].get(column) or COLUMNS.get(column)
    if entry is None:
        raise KeyError(f"column {column!r} of dataset {dataset!r} is not documented in datasets/metadata.py")
    unit, ja, en = entry
    return {"unit": unit, "description_ja": ja, "description_en": en}
