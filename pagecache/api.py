"""What the content apps use of the page cache: the door to it from above.

- `ContentQuerySet`, the base of every content model's default manager, and `content_updated`,
  the signal its `update()` sends;
- `CachedCountPaginator` and `versioned_value`, for values derived from public content that
  last until the next write;
- `now_and_on_commit`, to empty a cache of one's own at once and again after the commit;
- `bump_content_version`, for writes that send no signal (`bulk_create()`);
- `add_page_key_part`, for what a page shows by the clock rather than by a write (banners).
"""

from .cache import (
    add_page_key_part,
    bump_content_version,
    content_version,
    now_and_on_commit,
    versioned_value,
)
from .paginator import CachedCountPaginator, page_numbers
from .querysets import ContentQuerySet, content_updated

__all__ = [
    "add_page_key_part",
    "content_version",
    "CachedCountPaginator",
    "ContentQuerySet",
    "bump_content_version",
    "content_updated",
    "now_and_on_commit",
    "page_numbers",
    "versioned_value",
]
