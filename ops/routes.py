"""The address of one row among many, without `reverse()` for each.

A list page names a dozen articles and their categories, the organisation page three hundred
people: Django's `reverse()` costs about 30 µs a call (it finds and fills the pattern anew), a
tenth of such a page's render. `slug_url(name, slug)` reverses the route once per worker with a
marker in place of the slug and then only fills in the slug, for routes whose one argument is a
`<slug:…>`. The result is the one `reverse()` gives: same script prefix, same URLconf, and a value
the slug converter would refuse is handed to `reverse()` itself, which refuses it as before.
"""

import functools
import re

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse

MARK = "slug-mark-0"
SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # Django's slug converter


@functools.lru_cache(maxsize=128)
def _around(name: str, prefix: str, urlconf) -> tuple[str, str]:
    head, _, tail = reverse(name, args=[MARK], urlconf=urlconf).partition(MARK)
    return head, tail


def slug_url(name: str, slug: str) -> str:
    """`reverse(name, args=[slug])` for a route whose one argument is a slug."""
    slug = str(slug)  # as the slug converter writes it
    if not SLUG.fullmatch(slug):
        return reverse(name, args=[slug])
    head, tail = _around(name, get_script_prefix(), get_urlconf())
    return f"{head}{slug}{tail}"


def _forget(**kwargs) -> None:
    _around.cache_clear()


# A test's own URLconf or script name changes what a route reverses to.
setting_changed.connect(_forget, dispatch_uid="ops.routes.forget")
