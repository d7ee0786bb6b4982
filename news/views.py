"""Public news pages, the staff preview path, the "save article" download and the editor's upload.

Public content comes only from `Article.objects.published()`. A staff member opening an
unpublished article gets it with a "Bản nháp" banner and never-cache headers; everyone else
gets 404.
"""

import base64
import mimetypes
import re
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import InvalidPage
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_POST

from committee.models import Person
from common.html import plain_text
from imaging.pipeline import (
    DEFAULT_WIDTH,
    make_renditions,
    nearest_rendition,
    process_upload,
    rendition_name,
    rendition_widths,
)
from imaging.stored import shown_name
from network.api import current_site_id, descendant_sites, site_entry, site_prefix, site_url
from pagecache.api import CachedCountPaginator, page_numbers, versioned_value
from pages.models import SiteSettings
from stats.api import most_read_ids, record_view

from .models import Article, ArticleRedirect, Category, Verdict, is_approver

FIRST_SITE_ID = 1
PAGE_SIZE = 12
HOME_LATEST = 8
HOME_GRASSROOTS = 6  # "Tin từ cơ sở" on a committee with member committees
GRASSROOTS_SECONDS = 60  # at most this late, a commune's scheduled story on its province's home
HOME_PER_CATEGORY = 4
# Which stories the home page shows where is kept until the next write on the site, the next
# scheduled change (a story coming out or expiring, a pin ending), or this long at most.
HOME_SELECTION_SECONDS = 300
RELATED_COUNT = 4
MOST_READ_DAYS = 7
MOST_READ_COUNT = 5
# Sharing links only to addresses their owner documents as plain URLs (no SDK, no script: the CSP
# and a closed network rule those out). Zalo and other apps are reached through the device's own
# share sheet (news/share.js), which cannot go dead the way a retired share endpoint does.
FACEBOOK_SHARE_URL = "https://www.facebook.com/sharer/sharer.php?u="


def _absolute(request, path: str) -> str:
    """`path` as a full address on the site being served. SITE_URL names the origin of the
    install's own committee (site 1); every other site's address is the one it was reached by."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    if settings.SITE_URL and current_site_id() == FIRST_SITE_ID:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def _paginate(request, queryset, count_key: str):
    paginator = CachedCountPaginator(queryset, PAGE_SIZE, count_key=count_key)
    try:
        return paginator.page(request.GET.get("trang") or 1)
    except InvalidPage:
        raise Http404("Không có trang này.") from None


def _can_preview(user, article: Article) -> bool:
    """Staff see unpublished articles as the admin lists them: approvers any, editors their own."""
    if not (user.is_authenticated and user.is_staff and user.has_perm("news.view_article")):
        return False
    return is_approver(user) or article.is_own(user)


def _article_or_preview(request, slug: str) -> tuple[Article | None, bool]:
    """(article, is_preview): the published article, or for staff any article with that slug."""
    article = Article.objects.published().for_detail().filter(slug=slug).first()
    if article is not None:
        return article, False
    if request.user.is_authenticated:
        article = Article.objects.for_detail().filter(slug=slug).first()
        if article is not None and _can_preview(request.user, article):
            return article, True
    return None, False


def _redirect_from_old_slug(request, slug: str):
    """A permanent redirect from an old address of a (visible) article, or 404."""
    old = ArticleRedirect.objects.select_related("article").filter(old_slug=slug).first()
    if old is not None and (old.article.is_live or _can_preview(request.user, old.article)):
        return redirect(old.article.get_absolute_url(), permanent=True)
    raise Http404("Không tìm thấy tin bài.")


def _no_cache(response, preview: bool):
    if preview:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def home(request):
    """The home page: the lead story, the featured pins, "Tin mới", a block per menu category,
    the most read and, on a committee with committees below it, "Tin từ cơ sở".

    Which stories fill which place (`home_selection`, five queries; `grassroots_ids`) is kept
    until the next write on the site or the next moment the clock changes it; the stories
    themselves are read fresh, still published, in one query."""
    now = timezone.now()
    site_id = current_site_id()
    chosen = versioned_value(
        f"news:home:{site_id}",
        lambda: home_selection(now),
        HOME_SELECTION_SECONDS,
        until=lambda chosen: chosen["until"],
    )
    most_read_pks = most_read_ids(Article, days=MOST_READ_DAYS, limit=MOST_READ_COUNT)
    members = descendant_sites(site_id)
    grassroots_pks = grassroots_ids(site_id, members) if members else []
    wanted = {*chosen["featured"], *chosen["latest"], *most_read_pks, *grassroots_pks}
    wanted.update(pk for _, pks in chosen["blocks"] for pk in pks)
    if chosen["lead"]:
        wanted.add(chosen["lead"])
    # This site's stories and, on a province, its communes' "Tin từ cơ sở": all chosen by id.
    articles = Article.objects.with_scope(site=[site_id, *members]) if members else Article.objects
    found = {a.pk: a for a in articles.published(now).for_listing().filter(pk__in=wanted)}

    def stories(pks) -> list:
        return [found[pk] for pk in pks if pk in found]

    blocks = [(items[0].category, items) for _, pks in chosen["blocks"] if (items := stories(pks))]
    context = {
        "lead": found.get(chosen["lead"]),
        "featured": stories(chosen["featured"]),
        "latest": stories(chosen["latest"]),
        "blocks": blocks,
        "most_read": stories(most_read_pks),
        "grassroots": _from_member_sites(request, stories(grassroots_pks)),
    }
    return render(request, "news/home.html", context)


def home_selection(now) -> dict:
    """Which stories the home page shows where, as ids: the lead (the newest pin allowed to
    lead, else the newest story), the other pins, the newest HOME_LATEST, then the newest
    HOME_PER_CATEGORY of each menu category not shown above, blocks in the menu's order; and
    "until", the UNIX time this choice next changes by the clock alone (None: not by the clock)."""
    published = Article.objects.published(now)
    pinned = list(published.for_listing().lead(now))
    latest = list(published.for_listing().exclude(pk__in=[a.pk for a in pinned])[: HOME_LATEST + 1])
    lead = pinned.pop(0) if pinned else (latest.pop(0) if latest else None)
    menu_ids = Category.objects.filter(show_in_menu=True).values_list("pk", flat=True)
    # A story already shown above (lead, featured, "Tin mới") is not repeated in its category's block.
    shown = [a.pk for a in [lead, *pinned, *latest[:HOME_LATEST]] if a is not None]
    by_category = defaultdict(list)
    for article in (
        published.for_listing().exclude(pk__in=shown).latest_per_category(HOME_PER_CATEGORY, menu_ids)
    ):
        by_category[article.category_id].append(article)
    categories = {a.category_id: a.category for items in by_category.values() for a in items}
    changes = Article.objects.next_change(now)
    return {
        "until": changes.timestamp() if changes else None,
        "lead": lead.pk if lead else None,
        "featured": [a.pk for a in pinned],
        "latest": [a.pk for a in latest[:HOME_LATEST]],
        "blocks": [
            (category.pk, [a.pk for a in by_category[category.pk]])
            for category in sorted(categories.values(), key=lambda c: (c.order, c.name))
        ],
    }


def grassroots_ids(site_id: int, members: list[int]) -> list[int]:
    """ "Tin từ cơ sở": the newest published stories of the committees below this one (ids,
    newest first), whatever the number of member sites in one query.

    Which stories they are is the costly part (a branch per member site: for 49 communes about
    25 ms of query building and 12 ms in the database), so their ids are kept until the next
    write on this site or below it (a commune's write moves its province's content version)
    or GRASSROOTS_SECONDS, the delay before a story scheduled in a commune shows here. The home
    page reads the stories themselves fresh, still published, by their ids."""

    def newest_ids() -> list[int]:
        scoped = Article.objects.with_scope(site=members)
        newest = scoped.published().latest_per_site(HOME_GRASSROOTS, members).order_by("-publish_at")
        return list(newest.values_list("pk", flat=True)[:HOME_GRASSROOTS])

    return versioned_value(f"news:grassroots:{site_id}", newest_ids, GRASSROOTS_SECONDS)


def _from_member_sites(request, stories: list) -> list:
    """Member sites' stories, each with its site's name and its address on that site."""
    for story in stories:
        entry = site_entry(story.site_id)
        story.site_name = entry.name if entry else ""
        story.url = site_url(request, entry.domain, story.get_absolute_url()) if entry else ""
    return stories


def article_list(request):
    page = _paginate(request, Article.objects.published().for_listing(), count_key="news:all")
    return render(
        request,
        "news/article_list.html",
        {"page_obj": page, "page_range": page_numbers(page), "articles": page.object_list},
    )


def rebuttal_list(request):
    """ "Phản bác luận điệu sai trái": the published rebuttals, newest first."""
    articles = Article.objects.published().rebuttals().for_listing()
    page = _paginate(request, articles, count_key="news:rebuttals")
    return render(
        request,
        "news/rebuttal_list.html",
        {"page_obj": page, "page_range": page_numbers(page), "articles": page.object_list},
    )


def category_detail(request, slug: str):
    category = get_object_or_404(Category, slug=slug)
    articles = Article.objects.published().for_listing().filter(category=category)
    page = _paginate(request, articles, count_key=f"news:category:{category.pk}")
    return render(
        request,
        "news/category_detail.html",
        {
            "category": category,
            "page_obj": page,
            "page_range": page_numbers(page),
            "articles": page.object_list,
        },
    )


def _neighbours(article: Article) -> tuple[Article | None, Article | None]:
    """(newer, older) published articles around `article`, by publish time."""
    if article.publish_at is None:
        return None, None
    base = Article.objects.published().only("title", "slug", "publish_at")
    at, pk = article.publish_at, article.pk
    # The bound on publish_at alone is what lets the database start its index walk at this
    # article (an OR alone would walk from one end: 5 ms for an article 10,000 stories deep).
    newer = base.filter(Q(publish_at__gt=at) | Q(pk__gt=pk), publish_at__gte=at).order_by("publish_at", "pk")
    older = base.filter(Q(publish_at__lt=at) | Q(pk__lt=pk), publish_at__lte=at).order_by(
        "-publish_at", "-pk"
    )
    return newer.first(), older.first()


def _lead_image_url(article: Article, width: int) -> str:
    """The stored JPEG rendition nearest to `width` (never resized here), or the original while
    the renditions are being made."""
    if not article.photo or not article.photo_width:
        return article.photo.url if article.photo else ""
    return default_storage.url(shown_name(article.photo.name, article.photo_width, width))


def _credit_name(credit: str) -> str:
    """ "Tin, ảnh: Minh Đông" → "Minh Đông"."""
    return credit.rsplit(":", 1)[-1].strip() if credit else ""


def _structured_data(request, article: Article, canonical: str, image_url: str) -> dict:
    site = SiteSettings.load()
    organisation = {"@type": "Organization", "name": site.short_name, "url": _absolute(request, "/")}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.summary or plain_text(article.body[:3000])[:300],  # bounded work
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "datePublished": article.publish_at,
        "dateModified": article.updated_at,
        "articleSection": article.category.name,
        "inLanguage": "vi",
        "publisher": organisation,
        "author": (
            {"@type": "Person", "name": _credit_name(article.credit)}
            if _credit_name(article.credit)
            else organisation
        ),
    }
    if image_url:
        data["image"] = [image_url]
    return data


def _claim_review(request, article: Article, canonical: str) -> dict:
    """schema.org ClaimReview of a rebuttal: the claim reviewed, the verdict, who reviewed it."""
    site = SiteSettings.load()
    organisation = {"@type": "Organization", "name": site.short_name, "url": _absolute(request, "/")}
    claim = {"@type": "Claim", "inLanguage": "vi"}
    if article.claim_origin:
        claim["appearance"] = {"@type": "CreativeWork", "name": article.claim_origin}
    data = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": canonical,
        "claimReviewed": article.claim,
        "itemReviewed": claim,
        "author": organisation,
        "datePublished": article.publish_at,
        "inLanguage": "vi",
        "reviewRating": {
            "@type": "Rating",
            "alternateName": Verdict(article.verdict).label if article.verdict else "Sai sự thật",
        },
        "reviewBody": article.rebuttal_summary,
    }
    sources = [s.url for s in article.rebuttal_sources.all()]
    if sources:
        data["citation"] = sources
    return data


def _fetch_linked(article: Article) -> None:
    """What the page lists below the body, a query for each kind the article has (its has_*
    flags); the linked documents are the documents app's tag's, under `has_documents`."""
    lookups = [name for name in ("tags", "gallery") if getattr(article, f"has_{name}")]
    if article.has_people:  # only the people whose page is public, by name
        lookups.append(Prefetch("people", queryset=Person.objects.published().order_by("full_name")))
    if article.is_rebuttal:
        lookups.append("rebuttal_sources")
    if lookups:
        prefetch_related_objects([article], *lookups)


def article_detail(request, slug: str):
    article, preview = _article_or_preview(request, slug)
    if article is None:
        return _redirect_from_old_slug(request, slug)
    _fetch_linked(article)
    related = list(
        Article.objects.published()
        .for_listing()
        .filter(category_id=article.category_id)
        .exclude(pk=article.pk)[:RELATED_COUNT]
    )
    newer, older = _neighbours(article)
    canonical = _absolute(request, article.get_absolute_url())
    og_image = _absolute(request, _lead_image_url(article, 1600))
    context = {
        "article": article,
        "preview": preview,
        "related": related,
        "newer": newer,
        "older": older,
        "canonical_url": canonical,
        "og_image": og_image,
        "structured_data": _structured_data(request, article, canonical, og_image),
        "claim_review": _claim_review(request, article, canonical) if article.is_rebuttal else None,
        "facebook_share_url": FACEBOOK_SHARE_URL,
    }
    response = render(request, "news/article_detail.html", context)
    if not preview:
        record_view(request, article)
    return _no_cache(response, preview)


_URL_ATTRIBUTE = re.compile(r'\b(src|href|srcset)="([^"]*)"')


def _absolute_urls_in(html: str, request) -> str:
    """Root-relative addresses in an article body made absolute, for a file read off-site."""

    def fix(match):
        name, value = match.group(1), match.group(2)
        if name == "srcset":
            parts = [p.strip() for p in value.split(",")]
            value = ", ".join(_absolute(request, p) if p.startswith("/") else p for p in parts)
        elif value.startswith("/"):
            value = _absolute(request, value)
        return f'{name}="{value}"'

    return _URL_ATTRIBUTE.sub(fix, html)


def _embedded_lead_photo(article: Article) -> str:
    """The lead photo's default-width JPEG rendition as a data: URL, so the saved file stands alone."""
    if not article.photo or not article.photo_width:
        return ""
    name = shown_name(article.photo.name, article.photo_width, DEFAULT_WIDTH)
    try:
        with default_storage.open(name, "rb") as fh:
            data = fh.read()
    except OSError:
        return ""
    mime = mimetypes.guess_type(name)[0] or "image/jpeg"  # the original, until renditions exist
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def article_download(request, slug: str):
    """ "Lưu bài viết": the article as one clean, self-contained HTML file."""
    article, preview = _article_or_preview(request, slug)
    if article is None:
        raise Http404("Không tìm thấy tin bài.")
    canonical = _absolute(request, article.get_absolute_url())
    html = render_to_string(
        "news/article_download.html",
        {
            "article": article,
            "site": SiteSettings.load(),
            "canonical_url": canonical,
            "body": _absolute_urls_in(article.body, request),
            "photo_src": _embedded_lead_photo(article)
            or _absolute(request, _lead_image_url(article, DEFAULT_WIDTH)),
            "saved_at": timezone.now(),
        },
    )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{article.slug}.html"'
    return _no_cache(response, preview)


@require_POST
def editor_image_upload(request):
    """CKEditor 5 image upload: only for people who may change articles; through the photo pipeline.

    A storage failure (disk full) removes what was written and answers a Vietnamese message."""
    from ops import security_log, uploads

    user = request.user
    allowed = user.is_authenticated and user.is_staff and user.has_perm("news.change_article")
    if not allowed or current_site_id() is None:
        security_log.forbidden(request, "upload_permission")
        return JsonResponse({"error": {"message": "Bạn không có quyền tải ảnh lên."}}, status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": "Chưa chọn tệp ảnh."}}, status=400)
    try:
        clean = process_upload(upload)
    except ValidationError as exc:
        field, code = "news.editor_image_upload", exc.error_list[0].code
        security_log.upload_refused(request, field=field, code=code, size=upload.size, name=upload.name)
        return JsonResponse({"error": {"message": " ".join(exc.messages)}}, status=400)
    # Under the prefix of the site the editor works on (the only site whose rights were checked).
    target = f"{site_prefix()}news/editor/{timezone.localdate():%Y/%m}/{clean.name}"
    try:
        with uploads.all_or_nothing(), uploads.removed_if_partial(default_storage, target):
            name = default_storage.save(target, clean)
            uploads.record_written(default_storage, name)
            make_renditions(name)
    except OSError as exc:
        uploads.log_storage_failure(request, exc, where="news.editor_image_upload")
        return JsonResponse({"error": {"message": uploads.STORAGE_FAILURE_MESSAGE}}, status=507)
    width = clean.image_size[0]
    urls = {str(w): default_storage.url(rendition_name(name, w, "jpg")) for w in rendition_widths(width)}
    urls["default"] = default_storage.url(nearest_rendition(name, width, DEFAULT_WIDTH))
    # Only "urls" (no "url"): CKEditor's upload adapter then writes a srcset from the widths.
    return JsonResponse({"urls": urls})
