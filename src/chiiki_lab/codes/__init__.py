"""Municipality names and codes (全国地方公共団体コード): turn what people type into a municipality.

:func:`resolve` accepts names in the forms people write them (「嬬恋村」「群馬県 嬬恋村」「吾妻郡嬬恋村」,
kana, romaji, 旧字体 and ヶ/ケ variants, wards such as 「札幌市中央区」), 5-digit codes, 6-digit codes with
their check digit, and also old names and codes from before a merger (「浦和市」, ``"11204"``), which
it follows through the e-Stat code history to today's municipality. :func:`to_codes` does the same
for a whole column, :func:`history` lists the change events behind a name or code.

The municipality list is the bundled 2022 master (1,922 rows: 1,741 市区町村, 175 行政区, 6 北方領土
villages). 浜松市 reorganised its 7 wards into 3 on 2024-01-01; the bundled data still has the 7
old wards (22131–22137), so ``resolve`` returns those with a ``history`` note about the change,
and the new codes 22138–22140 raise :class:`~chiiki_lab.errors.MunicipalityNotFoundError`
naming the old wards to use instead.

The package, one concern per module: :mod:`.digits` (the form of a code), :mod:`.names` (text keys: kana,
romaji, 旧字体), :mod:`.master` (the master list and code history, indexed once), :mod:`.lookup`
(:func:`resolve`, :func:`code_of`, :func:`pref_code_of`), :mod:`.tables` (:func:`codes_in`, :func:`to_codes`),
:mod:`.lineage` (:func:`history`) and :mod:`.messages` (the bilingual notes and errors, with もしかして).

>>> import chiiki_lab
>>> chiiki_lab.resolve("群馬県 嬬恋村")
Municipality(10425 群馬県嬬恋村 village)
>>> chiiki_lab.resolve("浦和市").code
'11100'
>>> chiiki_lab.code6("10425")
'104256'
"""

from .digits import check_digit, code6, normalize_code
from .lineage import history
from .lookup import code_of, pref_code_of, resolve
from .master import Municipality
from .tables import check_codes, codes_in, to_codes

__all__ = ["Municipality", "check_codes", "check_digit", "code6", "code_of", "codes_in", "history", "normalize_code",
           "pref_code_of", "resolve", "to_codes"]
