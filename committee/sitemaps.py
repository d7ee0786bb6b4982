"""Sitemap sections of this app, merged by portal.sitemaps."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Person, Unit


class CommitteePagesSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self) -> list[str]:
        return ["committee:organisation", "committee:history"]

    def location(self, item: str) -> str:
        return reverse(item)


class PersonSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Person.objects.published().order_by("pk")

    def lastmod(self, obj: Person):
        return obj.updated_at


class UnitSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Unit.objects.order_by("order", "name")


SITEMAPS = {
    "committee": CommitteePagesSitemap,
    "committee-units": UnitSitemap,
    "committee-people": PersonSitemap,
}
