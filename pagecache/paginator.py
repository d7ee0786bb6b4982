"""A paginator whose total is counted once per content version."""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .cache import versioned_value


def page_numbers(page) -> list:
    """The page links a list shows around the reader's page: two on each side, the first and
    the last, and Paginator.ELLIPSIS for the gaps (1 … 4 5 [6] 7 8 … 40)."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


class CachedCountPaginator(Paginator):
    """A paginator whose total (a COUNT over the whole list, the cost of every list page and
    most of a deep one) is a versioned value named by `count_key`."""

    def __init__(self, object_list, per_page, *, count_key: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        return versioned_value(
            f"count:{self.count_key}", lambda: Paginator.count.func(self), settings.LIST_COUNT_CACHE_SECONDS
        )
