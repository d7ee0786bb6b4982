import re
from urllib.parse import urlencode

from django.apps import apps
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from common.vietnamese import number as vn_number
from pagecache.api import page_numbers

from .engine import Filters, Search, result_limit
from .models import Kind
from .providers import PROVIDERS, available
from .query import parse_query

PER_PAGE = 10
_SLUG = re.compile(r"[-a-z0-9_]{1,200}")
KIND_BY_PARAM = {p.param: kind for kind, p in PROVIDERS.items()}


def _slug(request, name: str) -> str:
    value = request.GET.get(name, "")
    return value if _SLUG.fullmatch(value) else ""


def _year(request) -> int | None:
    value = request.GET.get("nam", "")
    return int(value) if value.isascii() and value.isdigit() and 1900 <= int(value) <= 2100 else None


def _filters(request) -> Filters:
    """Unknown or malformed parameters are ignored, never an error; a facet implies its kind."""
    installed = {p.kind for p in available()}
    kind = KIND_BY_PARAM.get(request.GET.get("loai", ""))
    kind = kind if kind in installed else None
    category, document_type, issuer = (
        _slug(request, "chuyen-muc"),
        _slug(request, "loai-van-ban"),
        _slug(request, "co-quan"),
    )
    if kind is None and category:
        kind = Kind.ARTICLE
    elif kind is None and (document_type or issuer):
        kind = Kind.DOCUMENT
    return Filters(
        kind=kind if kind in installed else None,
        category=category if kind == Kind.ARTICLE else "",
        document_type=document_type if kind == Kind.DOCUMENT else "",
        issuer=issuer if kind == Kind.DOCUMENT else "",
        year=_year(request),
    )


def _number(n: int) -> str:
    """ "1.234", or "hơn 1.000" past the counting limit."""
    limit = result_limit()
    return f"hơn {vn_number(limit)}" if n > limit else vn_number(n)


def _facet_choices(kind: Kind | None) -> dict:
    """Options for the selects of the current tab (only that tab's facets are shown)."""
    if kind == Kind.ARTICLE:
        Category = apps.get_model("news", "Category")
        return {"categories": list(Category.objects.values_list("slug", "name"))}
    if kind == Kind.DOCUMENT:
        DocumentType = apps.get_model("documents", "DocumentType")
        IssuingBody = apps.get_model("documents", "IssuingBody")
        return {
            "document_types": list(DocumentType.objects.values_list("slug", "name")),
            "issuers": list(IssuingBody.objects.values_list("slug", "name")),
        }
    return {}


def _tabs(counts: dict[Kind, int], base: dict, kind_param: str) -> list[dict]:
    """ "Tất cả" and one tab per kind, each with its count; a tab link keeps query and year."""
    tabs = [{"label": "Tất cả", "count": sum(counts.values()), "query": base, "active": not kind_param}]
    for kind, n in counts.items():
        param = PROVIDERS[kind].param
        tabs.append(
            {"label": kind.label, "count": n, "query": {**base, "loai": param}, "active": param == kind_param}
        )
    return [{**tab, "count": _number(tab["count"]), "query": urlencode(tab["query"])} for tab in tabs]


def _page_query(filters: Filters, base: dict, kind_param: str) -> str:
    """What every page link repeats: the query, year, kind and facets (not the page)."""
    params = {**base, "loai": kind_param, "chuyen-muc": filters.category}
    params.update({"loai-van-ban": filters.document_type, "co-quan": filters.issuer})
    return urlencode({name: value for name, value in params.items() if value})


# What a burst of citizens searching the same news looks like: a short query and one of the
# first pages. Those results go through the shared page cache like any page (invalidated by
# the content version on every write). Long or deep queries, typed by anyone, are marked
# private so they cannot crowd real pages out of the cache; rate limits bound their cost.
SHARED_CACHE_MAX_WORDS = 6
SHARED_CACHE_MAX_PAGE = 3


def _shareable(request, query) -> bool:
    """A short query, on one of the first pages as requested (not as resolved: "?trang=9" on a
    short list is a different URL from page 1 and must not add a cache entry)."""
    pages = {"", *(str(n) for n in range(1, SHARED_CACHE_MAX_PAGE + 1))}
    return (
        len(query.text) <= 80
        and len(query.text.split()) <= SHARED_CACHE_MAX_WORDS
        and request.GET.get("trang", "") in pages
    )


def search(request):
    response = _search(request)
    if not getattr(response, "shareable", False):
        patch_cache_control(response, private=True, max_age=0)
    return response


def _search(request):
    query = parse_query(request.GET.get("q", ""))
    filters = _filters(request)
    context = {"query": query, "filters": filters, "searched": bool(query.text)}
    if query.is_empty or query.too_short:
        response = render(request, "search/results.html", context)
        response.shareable = True  # the bare form, the same for everyone
        return response
    results = Search(query, filters)
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("trang"))
    base = {"q": query.text, **({"nam": filters.year} if filters.year else {})}
    kind_param = PROVIDERS[filters.kind].param if filters.kind else ""
    context.update(
        page=page,
        hits=page.object_list,
        total=_number(results.total),
        capped=results.more_than_limit,
        tabs=_tabs(results.kind_counts, base, kind_param),
        kind_param=kind_param,
        years=results.years(),
        page_query=_page_query(filters, base, kind_param),
        page_range=page_numbers(page),
        **_facet_choices(filters.kind),
    )
    response = render(request, "search/results.html", context)
    response.shareable = _shareable(request, query)
    return response
