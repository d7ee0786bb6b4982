"""Sitemap sections of this app, merged by portal.sitemaps."""

SITEMAPS: dict = {}
