"""What a search means, independent of the database: folding, query parsing and ranking.

Text is stored and queried as folded words (``common.text.words``) joined by single spaces, so
a query word either is a token of a field or it is not — on PostgreSQL, on SQLite and here.
The backends (``search.backends``) translate the same rules into ``tsquery`` and FTS5 MATCH
strings built only from those words; this module applies them to candidate rows so that the
ranking is computed once, identically, whatever the database.

Rules:
- a query keeps its first ``MAX_QUERY_CHARS`` characters and first ``MAX_QUERY_WORDS`` words;
- every word must match a whole token, except the last one typed, which may be the start of a
  token when it has at least ``MIN_PREFIX_CHARS`` letters (people stop typing mid-word);
- a query that mixes digits and letters in a few words ("05-KH/BCĐ", "05 kh bcd") is also a
  document number: its words written together, leading zeros dropped ("5khbcd"), must start a
  token of a document's number field.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

from common.text import fold

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
MAX_WORD_CHARS = 64
MIN_PREFIX_CHARS = 3
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


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool = False


@dataclass(frozen=True)
class SearchQuery:
    text: str
    sequence: tuple[str, ...]
    terms: tuple[Term, ...]
    number: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.terms

    @property
    def phrase(self) -> tuple[Term, ...] | None:
        """The words in the order typed, when there are at least two."""
        if len(self.sequence) < 2:
            return None
        last = len(self.sequence) - 1
        return tuple(Term(w, i == last and _prefix_ok(w)) for i, w in enumerate(self.sequence))


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
    terms: list[Term] = []
    seen: set[str] = set()
    for word in sequence:
        if word not in seen:
            seen.add(word)
            terms.append(Term(word, word == last and _prefix_ok(word)))
    number = compact_number(" ".join(sequence)) if _looks_like_number(sequence) else ""
    return SearchQuery(text=text, sequence=sequence, terms=tuple(terms), number=number)


class Tier(IntEnum):
    """Coarse relevance, best first. The databases compute it too (to pick candidates)."""

    NUMBER = 0  # a document whose number starts with the number typed
    TITLE_PHRASE = 1  # the words, in order, in the title (or in the number)
    TITLE_ALL = 2  # every word in the title/number
    ALL = 3  # every word somewhere (a phrase in the body ranks first, in Python)
    SOME = 4  # some words (in Python: more words first, then more of them in the title)
    NONE = 5


def _pad(text: str) -> str:
    return f" {text} "


def _has_term(padded: str, term: Term) -> bool:
    return (f" {term.word}" if term.prefix else f" {term.word} ") in padded


def _has_phrase(padded: str, phrase: tuple[Term, ...]) -> bool:
    needle = " " + " ".join(t.word for t in phrase) + ("" if phrase[-1].prefix else " ")
    return needle in padded


@dataclass(frozen=True)
class Fields:
    """The folded fields of one entry, padded once for the substring tests."""

    title: str
    number: str
    body: str

    @classmethod
    def of(cls, title: str, number: str, body: str) -> "Fields":
        return cls(_pad(title), _pad(number), _pad(body))


def tier(query: SearchQuery, fields: Fields) -> Tier:
    head = (fields.title, fields.number)
    if query.number and f" {query.number}" in fields.number:
        return Tier.NUMBER
    phrase = query.phrase
    if phrase and any(_has_phrase(f, phrase) for f in head):
        return Tier.TITLE_PHRASE
    in_head = [any(_has_term(f, t) for f in head) for t in query.terms]
    if in_head and all(in_head):
        return Tier.TITLE_ALL
    anywhere = [h or _has_term(fields.body, t) for h, t in zip(in_head, query.terms, strict=True)]
    if anywhere and all(anywhere):
        return Tier.ALL
    if any(anywhere):
        return Tier.SOME
    return Tier.NONE


def rank_key(query: SearchQuery, fields: Fields, date: datetime | None, pk: int) -> tuple:
    """Sort key, smallest first: tier; the phrase in the body; more words, more title words,
    more whole-word matches; newer; the higher id (so equal rows sort the same everywhere)."""
    matched = head = exact = 0
    for term in query.terms:
        in_head = _has_term(fields.title, term) or _has_term(fields.number, term)
        if in_head or _has_term(fields.body, term):
            matched += 1
            head += in_head
            whole = Term(term.word)
            exact += any(_has_term(f, whole) for f in (fields.title, fields.number, fields.body))
    phrase = query.phrase
    in_body = bool(phrase) and _has_phrase(fields.body, phrase)
    timestamp = date.timestamp() if date is not None else float("-inf")
    return (int(tier(query, fields)), not in_body, -matched, -head, -exact, -timestamp, -pk)
