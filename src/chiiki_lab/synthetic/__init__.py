"""模擬データ (synthetic data) for teaching where no open data exists.

Every generator is seeded (same seed → same data), calibrated to published figures that it names,
and labels its output as 模擬データ (``df.attrs["chiiki_lab"]["synthetic"] = True`` and a ``note``),
so that it can never be mistaken for official statistics. One module per case study.
"""
