"""RSS 2.0 feeds: all news, and one per category. Only published articles, with the lead photo
as an enclosure (a stored JPEG rendition, its real length in bytes)."""

from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed

from imaging.stored import shown_name, stored_size
from pages.models import SiteSettings

from .models import Article, Category

FEED_SIZE = 30
ENCLOSURE_WIDTH = 960


def _enclosure_name(article: Article) -> str:
    if not article.photo:
        return ""
    if not article.photo_width:
        return article.photo.name
    return shown_name(article.photo.name, article.photo_width, ENCLOSURE_WIDTH)


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "vi"

    def title(self, obj=None) -> str:
        return f"Tin tức – {SiteSettings.load().short_name}"

    def description(self, obj=None) -> str:
        return f"Tin tức mới nhất của {SiteSettings.load().short_name}."

    def link(self, obj=None) -> str:
        return reverse("news:index")

    def feed_url(self, obj=None) -> str:
        return reverse("news:feed")

    def get_queryset(self, obj=None):
        return Article.objects.published().for_listing()

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Django makes item links absolute but not enclosure URLs; RSS needs them absolute.
        domain, secure = get_current_site(request).domain, request.is_secure()
        for item in feed.items:
            item["enclosures"] = [
                Enclosure(add_domain(domain, enc.url, secure), enc.length, enc.mime_type)
                for enc in item["enclosures"]
            ]
        return feed

    def items(self, obj=None):
        return self.get_queryset(obj)[:FEED_SIZE]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    # In local time so that pubDate carries +0700 and names the day the reader saw on the site.
    def item_pubdate(self, item: Article):
        return timezone.localtime(item.publish_at)

    def item_updateddate(self, item: Article):
        return timezone.localtime(item.updated_at)

    def item_categories(self, item: Article):
        return [item.category.name]

    def item_author_name(self, item: Article) -> str:
        return item.credit

    def item_enclosures(self, item: Article):
        name = _enclosure_name(item)
        if not name:
            return []
        length = stored_size(name)  # asked of the storage once per file, then from the cache
        if length is None:
            return []
        mime = "image/jpeg" if name.endswith(".jpg") else f"image/{name.rsplit('.', 1)[-1]}"
        return [Enclosure(default_storage.url(name), str(length), mime)]


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, slug: str):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj=None) -> str:
        return f"{obj.name} – {SiteSettings.load().short_name}"

    def description(self, obj=None) -> str:
        return obj.description or f"Tin mới nhất chuyên mục {obj.name}."

    def link(self, obj=None) -> str:
        return obj.get_absolute_url()

    def feed_url(self, obj=None) -> str:
        return reverse("news:category-feed", args=[obj.slug])

    def get_queryset(self, obj=None):
        return super().get_queryset(obj).filter(category=obj)
