"""Text keys for name lookups: NFKC without spaces, 旧字体 and ヶ/ケ folded, kana and romaji keys."""

from __future__ import annotations

import re
import unicodedata

# 旧字体 / 異体字 → the form used in official names (only for a fallback lookup)
_OLD_FORMS = str.maketrans(
    "戀龍澤邊邉濱齋齊嶋櫻廣國萬瀨當會壽藝榮黑眞豐團德鹽條淺實與來壹彌寶嶽縣驛舊髙﨑",
    "恋竜沢辺辺浜斉斉島桜広国万瀬当会寿芸栄黒真豊団徳塩条浅実与来壱弥宝岳県駅旧高崎",
)
_KE_VARIANTS = re.compile(r"(?<=[\u4e00-\u9fff々])[ヶヵケがガかカ](?=[\u4e00-\u9fff])")
KANA = re.compile(r"[ぁ-ゖァ-ヺー]+")
ROMAJI = re.compile(r"[A-Za-z\u00c0-\u017f' .\-]+")
_KANA_SUFFIXES = ("し", "まち", "ちょう", "むら", "そん", "く")
ROMAJI_SUFFIXES = ("shi", "machi", "cho", "mura", "son", "ku")


def name_key(text: str) -> str:
    """NFKC, no spaces: the form every name lookup uses."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def fold_key(key: str) -> str:
    """Merge 旧字体 and ヶ/ケ/が/か spellings (only for a second-chance lookup)."""
    return _KE_VARIANTS.sub("ケ", key.translate(_OLD_FORMS))


def hiragana(text: str) -> str:
    """Katakana turned into hiragana (other characters unchanged)."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def romaji_key(text: str) -> str:
    """A romaji spelling folded for lookups: ASCII, lower case, long vowels and n/m merged."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"m(?=[bpm])", "n", re.sub(r"[^a-z]", "", text))
    return text.replace("ou", "o").replace("oo", "o").replace("uu", "u")


def kana_stem(kana: str) -> str:
    """A kana name without its 市/町/村/区 reading (「つまごいむら」→「つまごい」), or ""."""
    for suffix in _KANA_SUFFIXES:
        if kana.endswith(suffix) and len(kana) > len(suffix) + 1:
            return kana[: -len(suffix)]
    return ""
