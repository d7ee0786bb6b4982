"""Sitemap sections of this app, merged by portal.sitemaps."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StatsPagesSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.2

    def items(self) -> list[str]:
        return ["stats:about"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"stats": StatsPagesSitemap}
