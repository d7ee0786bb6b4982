"""The queryset every content model's default manager is built on, and the signal it sends.

`QuerySet.update()` sends no model signal; content models take their default manager from
`ContentQuerySet`, whose `update()` sends `content_updated` instead, so every cache that shows
content hears of bulk updates as it hears of saves and deletes.
"""

from django.db import models
from django.dispatch import Signal

# Sent with sender=<model> and site_ids (the sites whose rows changed, None for a model without
# sites) after a QuerySet.update() of a content model changed rows.
content_updated = Signal()


class ContentQuerySet(models.QuerySet):
    """The base of every content model's default manager (`objects`).

    The rule: rows of public content change through `save()`, `delete()` or this queryset's
    `update()`, and all three tell the caches (post_save, post_delete, content_updated). The
    visit counters write `view_count`/`download_count` through `_base_manager` on purpose: a
    reader being counted is not an edit and must not empty the page cache. `bulk_create()`
    sends nothing: its callers bump the version themselves (bench/seed.py does).
    """

    def update(self, **kwargs) -> int:
        # The sites whose rows change, read first: each site's pages are invalidated, no other's.
        site_ids = None
        if any(f.attname == "site_id" for f in self.model._meta.concrete_fields):
            site_ids = set(self.order_by().values_list("site_id", flat=True).distinct())
        rows = super().update(**kwargs)
        if rows:
            content_updated.send(sender=self.model, using=self.db, site_ids=site_ids)
        return rows

    update.alters_data = True
