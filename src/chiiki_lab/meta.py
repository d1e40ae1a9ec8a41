"""What a table carries about itself: the schema of ``df.attrs["chiiki_lab"]``.

Every table the package makes — a bundled dataset (:func:`chiiki_lab.load`), a projection, a
synthetic 模擬データ frame, a file read with :func:`chiiki_lab.read_estat` — carries its name and
出典 in ``df.attrs["chiiki_lab"]``, written and read through :class:`TableMeta` so that the keys are
the same everywhere. The attrs stay a plain dict (pandas copies attrs to derived frames).

>>> import chiiki_lab
>>> from chiiki_lab.meta import TableMeta
>>> meta = TableMeta.of(chiiki_lab.load("census2020"))
>>> meta.name, meta.synthetic
('census2020', False)
>>> meta.attribution()[:3]
'出典：'
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .i18n import tr

__all__ = ["TableMeta"]

KEY = "chiiki_lab"


@dataclasses.dataclass(frozen=True)
class TableMeta:
    """Name, 出典 and caveats of one table.

    ``synthetic`` tables (模擬データ) also carry their ``seed`` and a ``note`` saying so; ``extra``
    holds what one kind of table adds (a reader's encoding, a simulation's true effect).
    """

    name: str
    attribution_ja: str = ""
    attribution_en: str = ""
    synthetic: bool = False
    seed: int | None = None
    note: str = ""  # Japanese; the key name predates note_en
    note_en: str = ""
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, df) -> TableMeta | None:
        """The metadata of ``df``, or None when it carries none (a table the user made)."""
        raw = getattr(df, "attrs", {}).get(KEY) if df is not None else None
        if not raw or "name" not in raw:
            return None
        known = {f.name for f in dataclasses.fields(cls)} - {"extra"}
        return cls(**{k: v for k, v in raw.items() if k in known},
                   extra={k: v for k, v in raw.items() if k not in known})

    def as_dict(self) -> dict:
        """The plain dict stored in ``df.attrs["chiiki_lab"]`` (empty fields left out)."""
        out = {"name": self.name, "attribution_ja": self.attribution_ja, "attribution_en": self.attribution_en}
        if self.synthetic:
            out.update(synthetic=True, seed=self.seed, note=self.note, note_en=self.note_en)
        return {**out, **self.extra}

    def attach(self, df):
        """Store this metadata on ``df`` (in place) and return ``df``."""
        df.attrs[KEY] = self.as_dict()
        return df

    def attribution(self) -> str:
        """The 出典 sentence in the current language."""
        return tr(self.attribution_ja, self.attribution_en or self.attribution_ja)
