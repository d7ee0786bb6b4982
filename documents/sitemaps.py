"""Sitemap sections of this app, merged by portal.sitemaps: the document list and every
published document."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Document


class DocumentIndexSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return ["documents:document-list"]

    def location(self, item):
        return reverse(item)


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 5000

    def items(self):
        return Document.objects.published().only("slug", "updated_at").order_by("-issue_date", "-pk")

    def lastmod(self, obj: Document):
        return obj.updated_at


SITEMAPS = {"documents-index": DocumentIndexSitemap, "documents": DocumentSitemap}
