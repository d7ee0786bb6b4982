"""What a search means, independent of the database: folding, query parsing and ranking.

Text is stored and queried as folded words (``common.text.words``) joined by single spaces, so
a query word either is a token of a field or it is not — on PostgreSQL, on SQLite and here.
The backends (``search.backends``) translate the same rules into ``tsquery`` and FTS5 MATCH
strings built only from those words; this module applies them to candidate rows so that the
ranking is computed once, identically, whatever the database.

Rules:
- a query keeps its first ``MAX_QUERY_CHARS`` characters and first ``MAX_QUERY_WORDS`` words;
- a query needs at least ``MIN_QUERY_CHARS`` letters or digits (one letter finds everything);
- every word must match a whole token, except the last one typed, which may be the start of a
  token when it has at least ``MIN_PREFIX_CHARS`` letters (people stop typing mid-word); a
  whole syllable always ranks above a syllable that only starts with the word;
- a word typed with diacritics ranks the same word written with them ("hòa") above its
  look-alikes ("hóa", "hoa", "Hoàng"); the old and the new tone placement ("hòa"/"hoà",
  "thủy"/"thuỷ", "qúy"/"quý") are one spelling (``marked_form``). A word typed without any
  diacritic matches every spelling equally (people type without accents);
- a query that mixes digits and letters in a few words ("05-KH/BCĐ", "05 kh bcd") is also a
  document number: its words written together, leading zeros dropped ("5khbcd"), must start a
  token of a document's number field.
"""

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime
from enum import IntEnum

from common.text import fold

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
MAX_WORD_CHARS = 64
MIN_PREFIX_CHARS = 2
MIN_QUERY_CHARS = 2
MAX_MARKS_CHARS = 8_000
MAX_NUMBER_WORDS = 6
SAFE_WORD = re.compile(r"[a-z0-9]+")
_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")
_NON_WORD = re.compile(r"[^a-z0-9]+")
# PostgreSQL's parser reads "1e5x" as the number 1e5 followed by the word "x" (the only way it
# splits a run of ASCII letters and digits); splitting such words the same way here gives
# both databases and the Python ranking exactly the same tokens.
_FLOAT_PREFIX = re.compile(r"[0-9]+e[0-9]+(?=[a-z])")
_FLOAT_PREFIX_IN_TEXT = re.compile(r"(?<![a-z0-9])([0-9]+e[0-9]+)(?=[a-z])")


class CharFolds(dict):
    """Code point → ``common.text.fold`` of that one character: a ``str.translate`` table,
    filled on first sight. Folding is per character (decompose, drop marks, casefold), so
    ``text.translate(FOLDS) == fold(text)``, only much faster on long texts. Notes the
    characters whose fold is not exactly one character long (for highlighting)."""

    irregular: set[str] = set()

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = fold(char)
        if len(folded) != 1:
            self.irregular.add(char)
        self[code] = folded
        return folded

    def of(self, char: str) -> str:
        return self[ord(char)]


FOLDS = CharFolds()


def index_words(text: str) -> list[str]:
    """Folded words (``common.text.words``) as stored in the index: split where PostgreSQL
    splits them, over-long ones cut (a query gets the same treatment)."""
    folded = _NON_WORD.sub(" ", (text or "").translate(FOLDS))
    tokens = _FLOAT_PREFIX_IN_TEXT.sub(r"\1 ", folded).split()
    if max(map(len, tokens), default=0) > MAX_WORD_CHARS:
        tokens = [t[:MAX_WORD_CHARS] for t in tokens]
    return tokens


def index_text(text: str, max_chars: int | None = None) -> str:
    """Folded words joined by spaces; with ``max_chars``, cut at a word boundary."""
    folded = " ".join(index_words(text))
    if max_chars is not None and len(folded) > max_chars:
        folded = folded[: max_chars + 1].rsplit(" ", 1)[0]
    return folded


def compact_number(text: str) -> str:
    """ "05-KH/BCĐ", "05/KH-BCĐ" and "5 kh bcd" all give "5khbcd" ("" if PostgreSQL would
    split it, see ``_tokens``)."""
    compact = _LEADING_ZEROS.sub("", _NON_WORD.sub("", (text or "").translate(FOLDS)))[:MAX_WORD_CHARS]
    return "" if _FLOAT_PREFIX.match(compact) else compact


def number_text(number: str) -> str:
    """The number field: its words, then the compact form ("05 kh bcd 5khbcd")."""
    parts = index_words(number)
    compact = compact_number(number)
    if compact and parts != [compact]:
        parts.append(compact)
    return " ".join(parts)


# The five tone marks (grave, acute, tilde, hook above, dot below); the other marks (circumflex,
# breve, horn) make a different vowel and stay on their letter.
_TONE_MARKS = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
_ALL_D = str.maketrans({"Đ": "đ", "Ð": "đ", "ð": "đ", "ɖ": "đ", "Ɖ": "đ"})
_LETTERS = re.compile(r"[^\W_]+")


def marked_form(word: str) -> str:
    """One spelling for a syllable whatever the tone placement: lower case, the vowels with
    their own marks, the tone as a digit at the end ("hòa", "hoà" → "hoa2"; "thủy", "thuỷ" →
    "thuy3"). "" for a word written without any diacritic or đ (it says nothing about them)."""
    decomposed = unicodedata.normalize("NFD", word.translate(_ALL_D).lower().translate(_ALL_D))
    if decomposed.isascii():
        return ""
    tone = "".join(_TONE_MARKS[c] for c in decomposed if c in _TONE_MARKS)[:1]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return base + tone


def _marked_words(text: str) -> list[tuple[str, str]]:
    """(folded word, marked form) for each word of ``text`` written with diacritics."""
    pairs = []
    for token in _LETTERS.findall(unicodedata.normalize("NFC", text or "")):
        folded = index_words(token)
        marked = marked_form(token) if len(folded) == 1 else ""
        if marked:
            pairs.append((folded[0], marked))
    return pairs


def marks_text(*texts: str) -> str:
    """The distinct marked forms of the words written with diacritics, for the index."""
    seen = dict.fromkeys(m for text in texts for _, m in _marked_words(text))
    joined = " ".join(seen)
    if len(joined) > MAX_MARKS_CHARS:
        joined = joined[: MAX_MARKS_CHARS + 1].rsplit(" ", 1)[0]
    return joined


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool = False
    marked: str = ""  # how it was typed (``marked_form``), "" when typed without diacritics


@dataclass(frozen=True)
class SearchQuery:
    text: str
    sequence: tuple[str, ...]
    terms: tuple[Term, ...]
    number: str = ""

    typing: bool = True  # the last word may be unfinished

    @property
    def is_empty(self) -> bool:
        return not self.terms

    @property
    def too_short(self) -> bool:
        """One letter (or digit) in all: it would match nearly everything."""
        return not self.is_empty and len("".join(self.sequence)) < MIN_QUERY_CHARS

    @property
    def has_prefix(self) -> bool:
        return any(t.prefix for t in self.terms)

    def whole_words(self) -> "SearchQuery":
        """The same query with every word required whole."""
        return replace(self, terms=tuple(replace(t, prefix=False) for t in self.terms), typing=False)

    @property
    def phrase(self) -> tuple[Term, ...] | None:
        """The words in the order typed, when there are at least two."""
        if len(self.sequence) < 2:
            return None
        last = len(self.sequence) - 1
        return tuple(
            Term(w, self.typing and i == last and _prefix_ok(w)) for i, w in enumerate(self.sequence)
        )


def _prefix_ok(word: str) -> bool:
    return len(word) >= MIN_PREFIX_CHARS and not word.isdigit()


def _looks_like_number(sequence: tuple[str, ...]) -> bool:
    joined = "".join(sequence)
    return (
        0 < len(sequence) <= MAX_NUMBER_WORDS
        and any(c.isdigit() for c in joined)
        and any(c.isalpha() for c in joined)
    )


def parse_query(raw: str | None) -> SearchQuery:
    """A query cut to a sane size, reduced to folded words; nothing in it is ever syntax."""
    text = " ".join((raw or "")[:MAX_QUERY_CHARS].split())
    sequence = tuple(index_words(text)[:MAX_QUERY_WORDS])
    last = sequence[-1] if sequence else ""
    marks: dict[str, str] = {}
    for folded, marked in _marked_words(text):
        marks.setdefault(folded, marked)
    terms: list[Term] = []
    seen: set[str] = set()
    for word in sequence:
        if word not in seen:
            seen.add(word)
            terms.append(Term(word, word == last and _prefix_ok(word), marks.get(word, "")))
    number = compact_number(" ".join(sequence)) if _looks_like_number(sequence) else ""
    return SearchQuery(text=text, sequence=sequence, terms=tuple(terms), number=number)


class Tier(IntEnum):
    """Coarse relevance, best first. The databases compute it too (to pick candidates).

    The title before the body, and whole syllables before a last word that is only the start
    of one (``TYPED_*``: "hoa" → "Hoàng"). A name or title being typed, in order, still comes
    before words scattered in a body."""

    NUMBER = 0  # a document whose number starts with the number typed
    TITLE_PHRASE = 1  # the words, whole and in order, in the title (or in the number)
    TITLE_ALL = 2  # every word whole in the title/number
    TYPED_TITLE_PHRASE = 3  # the words in order in the title, the last one unfinished
    ALL = 4  # every word whole somewhere (a phrase in the body ranks first, in Python)
    TYPED_TITLE_ALL = 5  # every word in the title/number, the last one unfinished
    TYPED_ALL = 6  # every word somewhere, the last one unfinished
    SOME = 7  # some words (in Python: more words first, then more of them in the title)
    NONE = 8


def _pad(text: str) -> str:
    return f" {text} "


def _has_term(padded: str, term: Term) -> bool:
    return (f" {term.word}" if term.prefix else f" {term.word} ") in padded


def _has_phrase(padded: str, phrase: tuple[Term, ...]) -> bool:
    needle = " " + " ".join(t.word for t in phrase) + ("" if phrase[-1].prefix else " ")
    return needle in padded


@dataclass(frozen=True)
class Fields:
    """The folded fields of one entry, padded once for the substring tests, and the marked
    forms (``marks_text``) of its title's and body's words."""

    title: str
    number: str
    body: str
    title_marks: frozenset[str] = frozenset()
    body_marks: frozenset[str] = frozenset()

    @classmethod
    def of(cls, title: str, number: str, body: str, title_marks: str = "", body_marks: str = "") -> "Fields":
        return cls(
            _pad(title),
            _pad(number),
            _pad(body),
            frozenset(title_marks.split()),
            frozenset(body_marks.split()),
        )


def _phrase_in_head(query: SearchQuery, fields: Fields) -> bool:
    phrase = query.phrase
    return bool(phrase) and any(_has_phrase(f, phrase) for f in (fields.title, fields.number))


def _all_in_head(query: SearchQuery, fields: Fields) -> bool:
    return all(_has_term(fields.title, t) or _has_term(fields.number, t) for t in query.terms)


def _all_anywhere(query: SearchQuery, fields: Fields) -> bool:
    return all(any(_has_term(f, t) for f in (fields.title, fields.number, fields.body)) for t in query.terms)


# (tier, where the words must be, whole words only?), in the order the backends test them:
# "phrase" in order in the title or the number, "head" anywhere in them, "all" anywhere.
TIER_CONDITIONS = (
    (Tier.TITLE_PHRASE, "phrase", True),
    (Tier.TITLE_ALL, "head", True),
    (Tier.TYPED_TITLE_PHRASE, "phrase", False),
    (Tier.ALL, "all", True),
    (Tier.TYPED_TITLE_ALL, "head", False),
    (Tier.TYPED_ALL, "all", False),
)
_CONDITIONS = {"phrase": _phrase_in_head, "head": _all_in_head, "all": _all_anywhere}


def tier(query: SearchQuery, fields: Fields) -> Tier:
    if query.number and f" {query.number}" in fields.number:
        return Tier.NUMBER
    whole = query.whole_words()
    for row_tier, scope, whole_words in TIER_CONDITIONS:
        if not (whole_words or query.has_prefix) or not query.terms:
            continue
        if _CONDITIONS[scope](whole if whole_words else query, fields):
            return row_tier
    if any(any(_has_term(f, t) for f in (fields.title, fields.number, fields.body)) for t in query.terms):
        return Tier.SOME
    return Tier.NONE


def _spelled_as_typed(term: Term, marks: frozenset[str], padded: str) -> bool:
    """The whole word is in the field, with the diacritics it was typed with."""
    return f" {term.word} " in padded and term.marked in marks


def rank_key(query: SearchQuery, fields: Fields, date: datetime | None, pk: int) -> tuple:
    """Sort key, smallest first: the number; whole syllables before unfinished ones; more
    words; more words spelled with the diacritics typed; the tier (title before body); the
    phrase in the body; more title words, more of them spelled as typed; more whole words;
    newer; the higher id (so equal rows sort the same everywhere)."""
    matched = head = whole = spelled = title_spelled = 0
    for term in query.terms:
        in_head = _has_term(fields.title, term) or _has_term(fields.number, term)
        if in_head or _has_term(fields.body, term):
            matched += 1
            head += in_head
            exact = Term(term.word)
            whole += any(_has_term(f, exact) for f in (fields.title, fields.number, fields.body))
            if term.marked:  # a word typed without diacritics matches every spelling alike
                in_title = any(
                    _spelled_as_typed(term, fields.title_marks, f) for f in (fields.title, fields.number)
                )
                title_spelled += in_title
                spelled += in_title or _spelled_as_typed(term, fields.body_marks, fields.body)
    phrase = query.phrase
    in_body = bool(phrase) and _has_phrase(fields.body, phrase)
    timestamp = date.timestamp() if date is not None else float("-inf")
    row_tier = tier(query, fields)
    group = 0 if row_tier == Tier.NUMBER else 1 if row_tier <= Tier.ALL else 2 if row_tier < Tier.SOME else 3
    return (
        group,
        -matched,
        -spelled,
        int(row_tier),
        not in_body,
        -head,
        -title_spelled,
        -whole,
        -timestamp,
        -pk,
    )
