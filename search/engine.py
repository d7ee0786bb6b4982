"""One search: counts per kind, the ranked results a page shows, the years to filter by.

Every query the page sends is bounded, so a word found in every article (on this portal, "ban
chỉ đạo") costs about as much as a rare one:

- Order. A row's *tier* is the first of the conditions of ``Backend.tier_matches`` it meets
  (number, phrase in the title, all words in the title, …, some words). The first N rows by
  (tier, newer first) are exactly the merge of, for each condition, its N newest matching
  rows — one ``UNION ALL`` query of small ``ORDER BY date LIMIT N`` branches, each served by
  the date index (common words) or the full-text index (rare ones). No row's tier is computed
  over the whole match set.
- Ranking. The first ``SEARCH_CANDIDATE_LIMIT`` of those are re-ranked in Python by
  ``search.query.rank_key`` — identical rules on SQLite and PostgreSQL. Later results keep the
  database order, so paging never repeats or skips a row. At most ``SEARCH_RESULT_LIMIT``
  results can be paged through ("add a word" beyond that).
- Counts per kind stop at ``SEARCH_RESULT_LIMIT`` + 1 ("more than 1,000").

The objects shown are fetched through each model's ``published()`` with their display joins:
one query per kind on the page, however many results.

Sites. A search looks at the entries of the site being worked on (the request's), or of the
sites it is given (``site_ids``: a search over several committees of the network). Every query
names its sites itself (``site_id = %s`` or ``IN``), so a missing scope can never widen it; the
indexes lead with the site. A hit on another site than the current one links to that site.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db import connection
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from common.dates import iso_local
from network.api import current_site_id, scopes_disabled, site_entry

from .backends import get_backend
from .highlight import highlight, snippet
from .models import Kind, SearchEntry
from .providers import PROVIDERS, available
from .query import Fields, SearchQuery, Tier, rank_key, tier

CANDIDATE_FIELDS = ("id", "kind", "object_id", "title", "number", "body", "title_marks", "body_marks", "date")
# Live entries always have a date (see SearchEntry.date), so NULLs never reach this order.
NEWEST_FIRST = (F("date").desc(), F("id").desc())


def candidate_limit() -> int:
    return getattr(settings, "SEARCH_CANDIDATE_LIMIT", 200)


def result_limit() -> int:
    return getattr(settings, "SEARCH_RESULT_LIMIT", 1000)


@dataclass(frozen=True)
class Filters:
    kind: Kind | None = None
    category: str = ""
    document_type: str = ""
    issuer: str = ""
    year: int | None = None

    @property
    def facets(self) -> dict[str, str]:
        return {
            name: value
            for name, value in (
                ("category", self.category),
                ("document_type", self.document_type),
                ("issuer", self.issuer),
            )
            if value
        }


@dataclass
class Hit:
    kind: Kind
    url: str
    title: SafeString
    code: SafeString
    meta: str
    date: datetime.date | datetime.datetime | None
    snippet: SafeString
    obj: object = field(repr=False)
    site_id: int | None = None

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def machine_date(self) -> str:
        """The date for <time datetime>, with the site's local offset."""
        return iso_local(self.date, timezone.get_current_timezone())


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The local calendar year as an aware [start, end) range (an index-friendly filter)."""
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    return start, end


def _aware(value) -> datetime.datetime:
    """A datetime read by a raw query: SQLite hands back text, PostgreSQL an aware datetime."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)


def _union_sql(parts: list[tuple[str, QuerySet]]) -> tuple[str, list]:
    """``SELECT <head> FROM (<queryset>)`` for each part, joined by UNION ALL, and its params.

    Each part keeps its own ORDER BY/LIMIT (the ORM cannot slice inside a UNION on SQLite).
    ``head`` is written by this module only (column names, integer literals, %s for params)."""
    sql, params = [], []
    for index, (head, queryset) in enumerate(parts):
        inner, inner_params = queryset.query.sql_with_params()
        sql.append(f"SELECT {head} FROM ({inner}) AS part_{index}")
        params.extend(inner_params)
    return " UNION ALL ".join(sql), params


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _union_all(parts: list[tuple[str, QuerySet]]) -> list[tuple]:
    """The rows of all parts as one UNION ALL query (see `_union_sql`)."""
    return _rows(*_union_sql(parts))


def entries_of(site_ids: list[int]) -> QuerySet:
    """The entries of these sites, named in the query itself (not left to the scope)."""
    qs = SearchEntry.objects.with_scopes_disabled().all()
    if len(site_ids) == 1:
        return qs.filter(site_id=site_ids[0])
    return qs.filter(site_id__in=site_ids)


def _first_ids(entries: QuerySet, stop: int) -> QuerySet:
    """The ids of the newest `stop` of these entries: what a count "up to `stop`" counts.

    Which rows are counted does not change the count, but naming the newest lets PostgreSQL
    read a common word's matches along the (site, kind, date) index, a few thousand rows, where
    an unordered LIMIT was planned as a sequential scan that could pass every other kind's rows
    first (22 ms for "đông hải" on 20,000 articles, 3 ms in date order). A rare word is still
    found through the full-text index."""
    return entries.order_by(*NEWEST_FIRST).values("id")[:stop]


class Search:
    """A lazy, sliceable result list (``Paginator`` takes it as its object list).

    ``site_ids``: the sites searched, the current site by default."""

    def __init__(
        self, query: SearchQuery, filters: Filters | None = None, now=None, site_ids: list[int] | None = None
    ):
        self.query = query
        self.filters = filters or Filters()
        self.now = now or timezone.now()
        self.backend = get_backend(connection)
        if site_ids is None:
            # Outside any site's work (a script), the install's own committee: site 1.
            site_ids = [current_site_id() or 1]
        self.site_ids = sorted({int(pk) for pk in site_ids})

    # --- querysets -------------------------------------------------------------------------
    def _kinds(self) -> list[Kind]:
        return [p.kind for p in available()]

    def _entries(self) -> QuerySet:
        return entries_of(self.site_ids)

    def _matching(self) -> QuerySet:
        """Live entries of installed kinds matching the query and the year, any kind."""
        qs = self._entries().live(self.now).filter(self.backend.matches(self.query))
        if len(self._kinds()) < len(Kind):
            qs = qs.filter(kind__in=self._kinds())  # an app is not installed
        if self.filters.year:
            start, end = year_bounds(self.filters.year)
            qs = qs.filter(date__gte=start, date__lt=end)
        return qs

    def _scoped(self) -> QuerySet:
        qs = self._matching()
        if self.filters.kind:
            qs = qs.filter(kind=self.filters.kind)
        return qs.filter(**self.filters.facets)

    # --- counts ----------------------------------------------------------------------------
    @cached_property
    def kind_counts(self) -> dict[Kind, int]:
        """Results per kind for the query and the year (the tabs), each counted up to
        ``SEARCH_RESULT_LIMIT`` + 1; facets belong to one tab and don't change the others."""
        if self.query.is_empty:
            return {}
        stop = result_limit() + 1
        parts = [
            (f"'{kind.value}', COUNT(*)", _first_ids(self._matching().filter(kind=kind), stop))
            for kind in self._kinds()
        ]
        return {Kind(kind): n for kind, n in _union_all(parts)}

    @cached_property
    def total(self) -> int:
        """The number of results (may be ``SEARCH_RESULT_LIMIT`` + 1: "more than")."""
        if self.query.is_empty:
            return 0
        if not self.filters.facets:
            if self.filters.kind:
                return self.kind_counts.get(self.filters.kind, 0)
            return sum(self.kind_counts.values())
        return _first_ids(self._scoped(), result_limit() + 1).count()

    @property
    def more_than_limit(self) -> bool:
        return self.total > result_limit()

    def count(self) -> int:
        """What can be paged through (``Paginator`` calls this)."""
        return min(self.total, result_limit())

    def years(self) -> list[int]:
        """Years with published content of this kind, newest first: the first and the last
        date, each read from the end of the date index (one query)."""
        qs = self._entries().live(self.now)
        if self.filters.kind:
            qs = qs.filter(kind=self.filters.kind)
        elif len(self._kinds()) < len(Kind):
            qs = qs.filter(kind__in=self._kinds())
        dates = qs.filter(date__isnull=False).values("date")
        ends = _union_all([("date", dates.order_by("date")[:1]), ("date", dates.order_by("-date")[:1])])
        years = [timezone.localtime(_aware(date)).year for (date,) in ends]
        return list(range(max(years), min(years) - 1, -1)) if years else []

    # --- order and ranking -----------------------------------------------------------------
    def _order(self, limit: int) -> list[int]:
        """Ids of the first ``limit`` results in database order: (tier, newer first, id)."""
        scoped = self._scoped()
        branches = [
            (int(t), scoped.filter(self.backend.condition(m)))
            for t, m in self.backend.tier_matches(self.query)
        ]
        branches.append((int(Tier.SOME), scoped))
        parts = [
            (f"{t} AS tier, id, date", qs.order_by(*NEWEST_FIRST).values("id", "date")[:limit])
            for t, qs in branches
        ]
        # The branches' rows merged in the database: each entry once, at its best tier, and
        # only the first `limit` sent back (of up to a branch's `limit` each).
        union, params = _union_sql(parts)
        merged = (
            f"SELECT id FROM ({union}) AS candidates GROUP BY id, date "
            "ORDER BY MIN(tier), date DESC, id DESC LIMIT %s"
        )
        return [pk for (pk,) in _rows(merged, [*params, limit])]

    def _fetch(self, ids: list[int], fields=CANDIDATE_FIELDS) -> list[SearchEntry]:
        by_id = self._entries().only(*fields).in_bulk(ids)
        entries = [by_id[pk] for pk in ids if pk in by_id]
        for entry in entries:
            entry.fields = Fields.of(
                entry.title, entry.number, entry.body, entry.title_marks, entry.body_marks
            )
        return entries

    @cached_property
    def _ranked(self) -> list[SearchEntry]:
        entries = self._fetch(self._order(candidate_limit()))
        entries.sort(key=lambda e: rank_key(self.query, e.fields, e.date, e.pk))
        return entries

    def entries(self, start: int, stop: int) -> list[SearchEntry]:
        """Ranked entries ``start``..``stop`` (without their excerpts)."""
        stop = min(stop, result_limit())
        if self.query.is_empty or stop <= start:
            return []
        window = candidate_limit()
        head = self._ranked[start:stop] if start < window else []
        tail: list[SearchEntry] = []
        if stop > window:
            tail = self._fetch(self._order(stop)[max(start, window) : stop])
        return head + tail

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, _ = index.indices(self.count())
            return self.hits(self.entries(start, stop))
        hits = self.hits(self.entries(index, index + 1))
        if not hits:
            raise IndexError(index)
        return hits[0]

    # --- display ---------------------------------------------------------------------------
    def hits(self, entries: list[SearchEntry]) -> list[Hit]:
        """Entries → what the page shows; an entry whose object is no longer public is dropped."""
        if not entries:
            return []
        rows = self._entries().filter(pk__in=[e.pk for e in entries]).values_list("id", "excerpt", "site_id")
        excerpts, sites = {}, {}
        for pk, excerpt, site_id in rows:
            excerpts[pk], sites[pk] = excerpt, site_id
        current = current_site_id()
        objects: dict[str, dict] = {}
        for kind in {e.kind for e in entries}:
            provider = PROVIDERS[Kind(kind)]
            ids = [e.object_id for e in entries if e.kind == kind]
            if self.site_ids == [current]:
                objects[kind] = provider.public(ids)
            else:
                # Other sites' objects: still only what their published() shows, and only
                # the objects of entries of the sites searched.
                with scopes_disabled():
                    objects[kind] = provider.public(ids)
        hits = []
        for entry in entries:
            obj = objects[entry.kind].get(entry.object_id)
            if obj is None or getattr(obj, "site_id", sites.get(entry.pk)) != sites.get(entry.pk):
                continue
            kind = Kind(entry.kind)
            shown = PROVIDERS[kind].display(obj)
            site_id = sites.get(entry.pk)
            hits.append(
                Hit(
                    kind=kind,
                    url=self._url(shown["url"], site_id, current),
                    site_id=site_id,
                    title=highlight(shown["title"], self.query),
                    code=self._code(shown["code"], entry),
                    meta=shown["meta"],
                    date=shown["date"],
                    snippet=snippet(excerpts.get(entry.pk, ""), self.query),
                    obj=obj,
                )
            )
        return hits

    @staticmethod
    def _url(path: str, site_id: int | None, current: int | None) -> str:
        """A path on the current site; an address on another site of the network."""
        if site_id is None or site_id == current or not path.startswith("/"):
            return path
        entry = site_entry(site_id)
        return f"//{entry.domain}{path}" if entry is not None else path

    def _code(self, code: str, entry: SearchEntry) -> SafeString:
        if not code:
            return mark_safe("")
        if self.query.number and tier(self.query, entry.fields) == Tier.NUMBER:
            return mark_safe(f"<mark>{escape(code)}</mark>")
        return highlight(code, self.query)
