"""The question bank: question data from ``exercises/questions/*.toml``, validated on load.

Every question (exercise notebooks: ``"1-1"``; in-lesson practice: ``"1-a"``) is data: texts and
titles (ja/en), staged hints, kind, tolerance, unit, order rule, points, the text of each known
mistake, the near-miss text and how the grader may vary it. Only the expected values and the
values of known mistakes are Python, in ``chiiki_lab.exercises.answers.<module>``, referenced by
name. The schema, with a complete example, is in ``docs/exercises-authoring.md``.

This module reads the data only: it never imports the answer modules (the grading sandbox
hides them, while ``hint()`` and ``progress()`` still work there).

>>> q = question("4-1")
>>> q.kind, q.points, q.module
('number', 2.0, 'ch04')
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .._paths import bundle_dir
from ..errors import ChiikiLabValueError
from ..i18n import tr

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

KINDS = ("number", "count", "places", "age_group", "choice", "text", "manual")
ORDERS = ("any", "ranked")
ID_PATTERN = re.compile(r"^(\d{1,2})-([0-9]+|[a-z])$")  # "1-1" (exercise notebook), "1-a" (in-lesson)

_QUESTION_KEYS = {
    "kind", "points", "title", "text", "hints", "expected", "mistakes", "mistake", "near_miss", "tolerance",
    "unit", "share_or_percent", "order", "wrong_order_points", "choices", "town", "variant",
}
_VARIANT_KEYS = {"variable", "towns", "perturb"}


@dataclass(frozen=True)
class Text:
    """A learner-facing text in Japanese and English."""

    ja: str
    en: str

    def __str__(self) -> str:
        return tr(self.ja, self.en)


@dataclass(frozen=True)
class MistakeText:
    """What the judge says (and how many points it gives) when an answer matches a known mistake."""

    key: str
    ja: str
    en: str
    points: float = 0.0


@dataclass(frozen=True)
class Variant:
    """How the grader may re-run a question's answer cells with other inputs (variant grading)."""

    variable: str = ""  # a notebook variable the grader sets to other towns (e.g. "MY_TOWN")
    towns: tuple[str, ...] = ()  # towns to try (names or codes); empty: the grader chooses
    perturb: tuple[str, ...] = ()  # datasets the grader may replace by a perturbed copy


@dataclass(frozen=True)
class Question:
    """One question, as data (see ``docs/exercises-authoring.md`` for each field)."""

    id: str
    kind: str
    points: float
    title: Text
    text: Text | None
    module: str  # the answers module: chiiki_lab.exercises.answers.<module>
    file: str
    hints: tuple[Text, ...] = ()
    expected: tuple[str, ...] = ()
    mistakes: str = ""
    mistake: dict[str, MistakeText] = field(default_factory=dict)
    near_miss: Text | None = None
    tolerance: float = 0.0
    unit: str = ""
    share_or_percent: bool = False
    order: str = "any"
    wrong_order_points: float = 0.0
    choices: str = ""
    town: str = ""  # variable holding the learner's chosen municipality: check(qid, answer, town=THAT)
    variant: Variant | None = None

    @property
    def chapter(self) -> int:
        return int(self.id.split("-")[0])

    @property
    def in_lesson(self) -> bool:
        """True for in-lesson practice ("1-a"), False for exercise-notebook questions ("1-1")."""
        return self.id.split("-")[1].isalpha()


def questions_dir() -> Path:
    """Folder of the question files (``exercises/questions``; shipped with the package)."""
    return bundle_dir("exercises") / "questions"


def _error(where: str, ja: str, en: str) -> ChiikiLabValueError:
    return ChiikiLabValueError(f"{where}: {ja}", f"{where}: {en}")


def _text(where: str, value, name: str, required: bool = True) -> Text | None:
    if value is None and not required:
        return None
    if not isinstance(value, dict) or set(value) != {"ja", "en"} or not all(
            isinstance(v, str) and v.strip() for v in value.values()):
        raise _error(where, f"{name} は {name}.ja と {name}.en の2つの文字列にしてください（空にしない）。",
                     f"{name} must be two non-empty strings, {name}.ja and {name}.en.")
    return Text(value["ja"].strip(), value["en"].strip())


def _names(where: str, value, key: str) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.isidentifier() for n in names):
        raise _error(where, f"{key} は answers モジュールの関数名（またはそのリスト）にしてください。",
                     f"{key} must be a function name of the answers module (or a list of them).")
    return tuple(names)


def _number(where: str, value, key: str, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise _error(where, f"{key} は {minimum:g} 以上の数にしてください（いま: {value!r}）。",
                     f"{key} must be a number ≥ {minimum:g} (now: {value!r}).")
    return float(value)


def parse_question(qid: str, data: dict, module: str, file: str) -> Question:
    """Validate one question table of a TOML file and turn it into a :class:`Question`."""
    where = f"{file} [questions.\"{qid}\"]"
    if not ID_PATTERN.match(qid):
        raise _error(where, "問題番号は \"1-1\"（演習ノートブック）か \"1-a\"（レッスン内の練習）の形にしてください。",
                     "a question id looks like \"1-1\" (exercise notebook) or \"1-a\" (in-lesson practice).")
    if not isinstance(data, dict):
        raise _error(where, "問題は表（テーブル）にしてください。", "a question must be a table.")
    unknown = sorted(set(data) - _QUESTION_KEYS)
    if unknown:
        raise _error(where, f"知らないキー {unknown} があります（使えるキー: {sorted(_QUESTION_KEYS)}）。",
                     f"unknown keys {unknown} (known: {sorted(_QUESTION_KEYS)}).")
    kind = data.get("kind")
    if kind not in KINDS:
        raise _error(where, f"kind は {', '.join(KINDS)} のどれかにしてください（いま: {kind!r}）。",
                     f"kind must be one of {', '.join(KINDS)} (now: {kind!r}).")
    if "points" not in data:
        raise _error(where, "points（満点）がありません。", "points (the maximum) is missing.")
    points = _number(where, data["points"], "points")
    title = _text(where, data.get("title"), "title")
    manual = kind == "manual"
    text = _text(where, data.get("text"), "text", required=not manual)
    hints = data.get("hints", [])
    if not isinstance(hints, list):
        raise _error(where, "hints は [[questions.\"ID\".hints]] の並び（ja と en）にしてください。",
                     "hints must be an array of tables [[questions.\"ID\".hints]] with ja and en.")
    hint_texts = tuple(_text(f"{where} hints[{i}]", h, "hint") for i, h in enumerate(hints))
    if manual:
        extra = sorted(set(data) - {"kind", "points", "title", "text", "hints"})
        if extra:
            raise _error(where, f"自由課題（manual）には {extra} は使えません。", f"an open task (manual) cannot have {extra}.")
        return Question(qid, kind, points, title, text, module, file, hint_texts)
    if points <= 0:
        raise _error(where, "自動で確かめる問題の points は 0 より大きくしてください。", "points must be > 0 for checked questions.")
    expected = _names(where, data.get("expected"), "expected")
    mistakes = data.get("mistakes", "")
    if mistakes:
        _names(where, mistakes, "mistakes")
        if not isinstance(mistakes, str):
            raise _error(where, "mistakes は関数名1つにしてください。", "mistakes must be one function name.")
    mistake_texts = {}
    for key, value in (data.get("mistake") or {}).items():
        mwhere = f"{where} mistake.{key}"
        if not isinstance(value, dict) or not {"ja", "en"} <= set(value) or set(value) - {"ja", "en", "points"}:
            raise _error(mwhere, "ja・en（と任意で points）を書いてください。", "give ja, en (and optionally points).")
        text_pair = _text(mwhere, {"ja": value["ja"], "en": value["en"]}, "mistake")
        mpoints = _number(mwhere, value.get("points", 0), "points")
        if mpoints >= points:
            raise _error(mwhere, "間違いの points は満点より小さくしてください。", "a mistake's points must be below the maximum.")
        mistake_texts[key] = MistakeText(key, text_pair.ja, text_pair.en, mpoints)
    if mistake_texts and not mistakes:
        raise _error(where, "mistake.* の文があるのに mistakes（値を返す関数）がありません。",
                     "mistake.* texts are given but no mistakes function.")
    tolerance = _number(where, data.get("tolerance", 0), "tolerance")
    if kind == "number" and "tolerance" not in data:
        raise _error(where, "number の問題には tolerance（許す誤差、絶対値）が要ります。",
                     "a number question needs a tolerance (absolute).")
    order = data.get("order", "any")
    if order not in ORDERS or (order != "any" and kind != "places"):
        raise _error(where, "order は places の問題だけで、\"any\" か \"ranked\" です。",
                     "order is for places questions only: \"any\" or \"ranked\".")
    wrong_order = _number(where, data.get("wrong_order_points", 0), "wrong_order_points")
    if wrong_order and (order != "ranked" or wrong_order >= points):
        raise _error(where, "wrong_order_points は order = \"ranked\" のときだけ、満点より小さく。",
                     "wrong_order_points only with order = \"ranked\", below the maximum.")
    choices = data.get("choices", "")
    if (kind == "choice") != bool(choices) or not isinstance(choices, str) or not choices.isalpha():
        if kind == "choice" or choices:
            raise _error(where, "choices（例: \"abcd\"）は choice の問題にだけ、必ず書きます。",
                         "choices (e.g. \"abcd\") is required for choice questions and only for them.")
    if data.get("share_or_percent") and kind != "number":
        raise _error(where, "share_or_percent は number の問題だけです。", "share_or_percent is for number questions only.")
    town = data.get("town", "")
    if town and not (isinstance(town, str) and town.isidentifier()):
        raise _error(where, "town は変数名（例: \"LEARNER_TOWN\"）にしてください。", "town must be a variable name.")
    variant = None
    if "variant" in data:
        v = data["variant"]
        if not isinstance(v, dict) or set(v) - _VARIANT_KEYS or not v:
            raise _error(where, f"variant に書けるのは {sorted(_VARIANT_KEYS)} です。", f"variant takes {sorted(_VARIANT_KEYS)}.")
        variable = v.get("variable", "")
        towns, perturb = v.get("towns", []), v.get("perturb", [])
        if (variable and not str(variable).isidentifier()) or not isinstance(towns, list) or not isinstance(perturb, list):
            raise _error(where, "variant.variable は変数名、towns と perturb は文字列のリストです。",
                         "variant.variable is a variable name; towns and perturb are lists of strings.")
        if towns and not variable:
            raise _error(where, "variant.towns には variant.variable が要ります。", "variant.towns needs variant.variable.")
        variant = Variant(variable, tuple(map(str, towns)), tuple(map(str, perturb)))
    return Question(
        qid, kind, points, title, text, module, file, hint_texts, expected, mistakes, mistake_texts,
        _text(where, data.get("near_miss"), "near_miss", required=False), tolerance, str(data.get("unit", "")),
        bool(data.get("share_or_percent", False)), order, wrong_order, choices, town, variant,
    )


def parse_file(path: Path) -> dict[str, Question]:
    """Read and validate one question file (``chNN.toml`` or ``lessonNN.toml``)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise _error(path.name, f"TOML として読めません: {error}", f"not valid TOML: {error}") from error
    unknown = sorted(set(data) - {"module", "questions"})
    if unknown:
        raise _error(path.name, f"ファイルの先頭に書けるのは module と [questions.\"ID\"] だけです（{unknown}）。",
                     f"only module and [questions.\"ID\"] tables are allowed at the top level ({unknown}).")
    module = data.get("module", path.stem)
    if not (isinstance(module, str) and module.isidentifier()):
        raise _error(path.name, "module は answers のモジュール名（例: \"ch01\"）にしてください。",
                     "module must be the name of an answers module (e.g. \"ch01\").")
    return {qid: parse_question(qid, q, module, path.name) for qid, q in (data.get("questions") or {}).items()}


def load_bank(folder: str | Path | None = None) -> dict[str, Question]:
    """Every question of every ``*.toml`` in ``folder`` (default :func:`questions_dir`), by id.

    Raises :class:`~chiiki_lab.errors.ChiikiLabValueError` naming the file and key for a bad file
    or an id used twice.
    """
    bank: dict[str, Question] = {}
    for path in sorted(Path(folder or questions_dir()).glob("*.toml")):
        for qid, q in parse_file(path).items():
            if qid in bank:
                raise _error(path.name, f"問題番号 {qid} は {bank[qid].file} にもあります。番号は全体で1つだけにします。",
                             f"question {qid} is also in {bank[qid].file}; ids must be unique.")
            bank[qid] = q
    return dict(sorted(bank.items(), key=lambda kv: _sort_key(kv[0])))


def _sort_key(qid: str) -> tuple[int, int, str]:
    chapter, rest = qid.split("-")
    return (int(chapter), 0 if rest.isalpha() else 1, rest.zfill(3))


@lru_cache(maxsize=1)
def bank() -> dict[str, Question]:
    """The shipped question bank (read once)."""
    return load_bank()


def question(qid: str) -> Question:
    """The question ``qid`` (full-width digits and dashes accepted); a Japanese error if there is none."""
    import unicodedata

    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(qid))).replace("ー", "-").replace("−", "-").lower()
    found = bank().get(key)
    if found is None:
        raise ChiikiLabValueError(
            f"問題番号 {qid!r} はありません。ノートブックに書かれた番号（例: \"1-1\"）を指定してください。",
            f"There is no question {qid!r}. Use the number written in the notebook (e.g. \"1-1\").",
        )
    return found
