"""RSS 2.0 feed of new documents: only published ones, newest publication on the portal first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

from pages.models import SiteSettings

from .models import Document

FEED_SIZE = 30


class LatestDocumentsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "vi"

    def title(self) -> str:
        return f"Văn bản mới – {SiteSettings.load().short_name}"

    def description(self) -> str:
        return (
            f"Kế hoạch, quy chế, quyết định và các văn bản mới công bố của {SiteSettings.load().short_name}."
        )

    def link(self) -> str:
        return reverse("documents:document-list")

    def feed_url(self) -> str:
        return reverse("documents:feed")

    def items(self):
        return Document.objects.published().for_listing().order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item: Document) -> str:
        return f"{item.code} – {item.title}"

    def item_description(self, item: Document) -> str:
        return (
            f"{item.doc_type.name} số {item.code} ngày {item.issue_date:%d/%m/%Y} "
            f"của {item.issuing_body.name}. {item.summary}"
        )

    # In local time so that pubDate carries +0700 and names the day the reader saw on the site.
    def item_pubdate(self, item: Document):
        return timezone.localtime(item.published_at or item.uploaded_at)

    def item_updateddate(self, item: Document):
        return timezone.localtime(item.updated_at)

    def item_categories(self, item: Document):
        return [item.doc_type.name]
