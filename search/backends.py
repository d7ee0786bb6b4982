"""The rules of ``search.query`` as database conditions, one class per database.

Every match string is built from ``Term`` words only — folded ``[a-z0-9]`` tokens, checked again
here — each one quoted, and passed as a query parameter. So ``%``, ``_``, quotes, ``*``, ``:``,
``NEAR``/``AND``/``OR``/``NOT``, parentheses and SQL in what a visitor types can never become
syntax: by the time anything reaches the database they are gone or plain words.

A match is over all fields or over the *head* (title and number). On PostgreSQL the head has
its own small ``tsvector`` column, so title conditions never unpack the body's large one.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Value, When
from django.db.models.expressions import RawSQL

from . import fulltext
from .query import SAFE_WORD, TIER_CONDITIONS, SearchQuery, Term, Tier


def _checked(word: str) -> str:
    if not SAFE_WORD.fullmatch(word):
        raise ValueError(f"not a folded search word: {word!r}")
    return word


@dataclass(frozen=True)
class Match:
    text: str
    head: bool = False  # only the title and the number


class Backend:
    """Builds boolean SQL expressions over the entry table for each tier of a query."""

    def condition(self, *matches: Match) -> RawSQL:
        """True when any of the matches matches."""
        raise NotImplementedError

    def any_terms(self, terms: tuple[Term, ...]) -> Match:
        raise NotImplementedError

    def all_terms(self, terms: tuple[Term, ...], head: bool) -> Match:
        raise NotImplementedError

    def title_phrase(self, phrase: tuple[Term, ...]) -> Match:
        """The words in order inside the title, or inside the number."""
        raise NotImplementedError

    def number(self, compact: str) -> Match:
        """A token of the number field starts with ``compact``."""
        raise NotImplementedError

    def tier_matches(self, query: SearchQuery) -> list[tuple[Tier, Match]]:
        """(tier, match) pairs, best first, as ``search.query.TIER_CONDITIONS``; a row's tier
        is the first one it matches, or ``Tier.SOME`` when it only matches the base condition."""
        matches: list[tuple[Tier, Match]] = []
        if query.number:
            matches.append((Tier.NUMBER, self.number(query.number)))
        whole = query.whole_words()
        for row_tier, scope, whole_words in TIER_CONDITIONS:
            variant = whole if whole_words else query
            if not whole_words and not query.has_prefix:
                continue
            if scope == "phrase":
                if variant.phrase:
                    matches.append((row_tier, self.title_phrase(variant.phrase)))
            else:
                matches.append((row_tier, self.all_terms(variant.terms, head=scope == "head")))
        return matches

    def base_matches(self, query: SearchQuery) -> list[Match]:
        """Everything the query can find: any word anywhere, or the number."""
        matches = [self.any_terms(query.terms)]
        if query.number:
            matches.append(self.number(query.number))
        return matches

    def matches(self, query: SearchQuery) -> RawSQL:
        return self.condition(*self.base_matches(query))

    def tier(self, query: SearchQuery) -> Case:
        """The tier as an SQL expression (to check the database against ``query.tier``)."""
        whens = [When(self.condition(m), then=Value(int(t))) for t, m in self.tier_matches(query)]
        return Case(*whens, default=Value(int(Tier.SOME)), output_field=IntegerField())


class PostgresBackend(Backend):
    """``tsquery`` over the generated, GIN-indexed columns; in the head, weight A is the title
    and C the number."""

    def condition(self, *matches: Match) -> RawSQL:
        table = fulltext.TABLE
        parts = []
        for match in matches:
            column = fulltext.HEAD_COLUMN if match.head else fulltext.VECTOR_COLUMN
            parts.append(f'"{table}"."{column}" @@ to_tsquery(\'simple\'::regconfig, %s)')
        sql = parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"
        return RawSQL(sql, [m.text for m in matches], output_field=BooleanField())

    @staticmethod
    def _term(term: Term, weights: str = "") -> str:
        suffix = ("*" if term.prefix else "") + weights
        return f"'{_checked(term.word)}'" + (f":{suffix}" if suffix else "")

    def any_terms(self, terms):
        return Match(" | ".join(self._term(t) for t in terms))

    def all_terms(self, terms, head):
        return Match(" & ".join(self._term(t) for t in terms), head=head)

    def title_phrase(self, phrase):
        # One alternative per field, so that a phrase never runs from the title into the number.
        return Match(
            " | ".join("(" + " <-> ".join(self._term(t, w) for t in phrase) + ")" for w in "AC"), head=True
        )

    def number(self, compact):
        return Match(self._term(Term(compact, prefix=True), "C"), head=True)


class SqliteBackend(Backend):
    """FTS5 MATCH strings; a column filter restricts to the head; phrases never cross columns."""

    HEAD = "{title number}"

    def condition(self, *matches: Match) -> RawSQL:
        fts = fulltext.FTS_TABLE
        text = matches[0].text if len(matches) == 1 else " OR ".join(f"({m.text})" for m in matches)
        # The unary + keeps SQLite from driving the query by the (often huge) list of matching
        # ids: it walks the date index instead and stops once it has the rows it needs — 10 ms
        # instead of 100 for a word in every row, and about 25 ms when the list is short.
        sql = f'+"{fulltext.TABLE}"."id" IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)'
        return RawSQL(sql, [text], output_field=BooleanField())

    @staticmethod
    def _term(term: Term) -> str:
        return f'"{_checked(term.word)}"' + ("*" if term.prefix else "")

    def _scope(self, expression: str, head: bool) -> Match:
        return Match(f"{self.HEAD} : ({expression})" if head else expression, head=head)

    def any_terms(self, terms):
        return self._scope(" OR ".join(self._term(t) for t in terms), head=False)

    def all_terms(self, terms, head):
        return self._scope(" AND ".join(self._term(t) for t in terms), head)

    def title_phrase(self, phrase):
        words = " ".join(_checked(t.word) for t in phrase)
        return self._scope(f'"{words}"' + ("*" if phrase[-1].prefix else ""), head=True)

    def number(self, compact):
        return Match(f'{{number}} : ("{_checked(compact)}"*)', head=True)


def get_backend(conn=None) -> Backend:
    vendor = (conn or connection).vendor
    if vendor == "postgresql":
        return PostgresBackend()
    if vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"site search supports PostgreSQL and SQLite, not {vendor}")
