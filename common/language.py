"""The language of a page is its address's, never the browser's.

The portal is Vietnamese; its few English pages live under /en/. A reader whose browser asks
for English still gets the Vietnamese page whole, not one with Django's own words (month
names, pagination, form errors) in English; the admin speaks Vietnamese to every editor. One
address is one language, which is also what lets the whole-page cache keep one copy per
address and send it with its own Content-Language.
"""

ENGLISH_PREFIX = "/en/"


def page_language(path: str, default: str) -> str:
    """ "en" for the English pages, `default` (the site's language) everywhere else."""
    return "en" if path.startswith(ENGLISH_PREFIX) else default
