"""Sitemap sections of this app, merged by portal.sitemaps: published articles and categories."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse

from .models import Article, Category


class NewsIndexSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["news:index"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "updated_at", "publish_at")
            .order_by("-publish_at", "-pk")
        )

    def lastmod(self, obj):
        return obj.updated_at


class CategorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        in_category = Article.objects.published().filter(category=OuterRef("pk"))
        latest = in_category.order_by("-updated_at").values("updated_at")[:1]
        return (
            Category.objects.filter(Exists(in_category))
            .annotate(last_published=Subquery(latest))
            .order_by("order", "name")
        )

    def lastmod(self, obj):
        return obj.last_published


SITEMAPS = {
    "news-index": NewsIndexSitemap,
    "news-articles": ArticleSitemap,
    "news-categories": CategorySitemap,
}
