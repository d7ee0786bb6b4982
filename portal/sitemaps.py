"""Every app's sitemap sections, merged for /sitemap.xml."""

from committee.sitemaps import SITEMAPS as COMMITTEE
from documents.sitemaps import SITEMAPS as DOCUMENTS
from news.sitemaps import SITEMAPS as NEWS
from pages.sitemaps import SITEMAPS as PAGES
from stats.sitemaps import SITEMAPS as STATS

SITEMAPS = {**PAGES, **NEWS, **DOCUMENTS, **COMMITTEE, **STATS}
