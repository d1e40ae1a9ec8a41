"""Read statistics files that users download themselves: e-Stat, ministries, municipal open data.

:func:`read_estat` turns such a file into a tidy pandas DataFrame:

* the kind of file is told from its bytes: CSV/TSV/TXT (UTF-8 with or without BOM, CP932 — the
  Windows form of Shift_JIS — or UTF-16), Excel ``.xlsx`` and the old ``.xls``, OpenDocument ``.ods``,
  a ZIP holding one CSV/TXT (e-Stat's 地域メッシュ downloads); HTML saved as ``.xls``, PDFs, images,
  password-protected, truncated and empty files get a Japanese error that says what the file is;
* the table is found: title, key/value (統計名：…), legend and unit lines above it go to
  ``df.attrs``, header rows are joined into names (``人口_総数``, e-Stat's code/label header blocks,
  merged cells carried to the right within their span, line breaks and layout spaces removed),
  one-cell section lines (「(1)平成27(2015)年」) become a ``区分`` column, notes below are set aside,
  and a second table in the same sheet is found too (``table=``, :func:`read_estat_sheets`);
* numbers are parsed: ``"1,234"``, full-width ``"１，２３４"``, ``"△1,234"`` / ``"▲1,234"`` (minus);
* symbols such as ``-`` ``…`` ``x`` ``***`` ``*`` become missing values, **with the reason kept**
  (see :func:`marker_table`; ``markers="zero"`` reads the nil marker as 0);
* 和暦 years (``令和2年``, ``平成27年度``, ``R2``, ``令和元年`` …) become Western years, in values and in
  column names; an era written only on a column's first row is carried down, also past the era's end;
* the area-code column becomes ``code``, a 5-digit string (6-digit codes are checked and reduced and
  kept as ``code6``; codes that lost their leading zero in Excel, such as ``1100`` or ``11002``, get
  it back; SSDSE's ``R01100`` and 「01100_札幌市」 cells are understood), and every code is checked
  against the bundled code list and its history: merged-away codes get a note, codes that name no
  municipality (市部・郡部, 特別区部 …) are left as they are and reported;
* :func:`summary` says in a few Japanese lines what was guessed (printed by itself in Jupyter),
  and one argument fixes a wrong guess: ``header_row=``, ``code_column=``, ``sheet=`` or ``table=``.

Excel engine: python-calamine (Rust) reads .xlsx, .xls and .ods with one API. On the 5 MB .xls and
its 4.5 MB .xlsx twin of ``benchmarks/bench_read.py`` (a shared 2-core machine at load ≈ 10, so absolute
times are inflated), loading every cell took 1.1 s with calamine against 7.4 s with xlrd for the
.xls, and 4.9 s with calamine against 78 s with openpyxl (read-only mode) for the .xlsx; xlrd
reads no .xlsx and openpyxl no .xls, and neither reads .ods. So one engine, several times faster,
covers every format learners bring; openpyxl and xlrd remain only as independent readers in tests.

The package, one concern per module: :mod:`.sources` (bytes → rows of cell text: file kind, encoding, CSV,
workbooks), :mod:`.cells` (numbers, marker symbols, units in one cell), :mod:`.years` (和暦), :mod:`.layout`
(header, data, sections and notes in the rows), :mod:`.areacodes` (the code column), :mod:`.reader`
(:func:`read_estat`, :func:`read_estat_sheets`) and :mod:`.views` (:func:`marker_table`, :func:`summary`,
:func:`to_long`).

>>> from chiiki_lab.io import read_estat, to_western_year
>>> to_western_year("令和2年"), to_western_year("平成27年度"), to_western_year("S55")
(2020, 2015, 1980)
>>> text = ("市区町村コード,市区町村,人口,増減\\n"
...         "1100,札幌市,\\"1,973,395\\",\\"21,039\\"\\n"
...         "10425,嬬恋村,\\"8,850\\",△930\\n")
>>> df = read_estat(text.encode("cp932"))
>>> df
    code 市区町村       人口     増減
0  01100  札幌市  1973395  21039
1  10425  嬬恋村     8850   -930
>>> df.attrs["chiiki_lab"]["encoding"]
'cp932'
"""

from __future__ import annotations

from .cells import Marker
from .reader import read_estat, read_estat_sheets
from .views import Summary, marker_table, summary, to_long
from .years import to_western_year

__all__ = ["Marker", "Summary", "marker_table", "read_estat", "read_estat_sheets", "summary", "to_long",
           "to_western_year"]
