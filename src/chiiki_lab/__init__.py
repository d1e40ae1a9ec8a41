"""chiiki_lab (地域ラボ): real municipal data, charts, maps and exercises for regional DX training.

>>> import chiiki_lab
>>> m = chiiki_lab.resolve("嬬恋村")
>>> m.code, m.pref_name
('10425', '群馬県')

Everything listed in ``__all__`` is importable from here. The public names are declared in
``__init__.pyi`` (which IDEs and type checkers read) and loaded from it with ``lazy_loader`` (SPEC 1):
submodules load on first use, so that ``import chiiki_lab`` stays fast (pandas, geopandas and
folium are imported only when needed).
"""

from __future__ import annotations

import lazy_loader

from .i18n import get_language, language, set_language
from .notebook_errors import show_tracebacks  # importing it registers short chiiki_lab errors in IPython

__version__ = "0.1.0"

__getattr__, __dir__, _lazy_all = lazy_loader.attach_stub(__name__, __file__)
__all__ = ["__version__", "get_language", "language", "set_language", "show_tracebacks", *_lazy_all]
