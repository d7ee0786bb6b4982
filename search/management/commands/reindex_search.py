from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand
from django.db import connection

from network.api import all_sites, working_on
from search import fulltext
from search.api import reindex_later
from search.indexing import BATCH_SIZE, reindex
from search.models import Kind
from search.providers import PROVIDERS

_BY_PARAM = {p.param: kind for kind, p in PROVIDERS.items()}


class Command(BaseCommand):
    help = (
        "Rebuild the site search index from the articles, documents and members of every site "
        "(idempotent). Run it after bulk imports, loaddata or QuerySet.update() on searchable models."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loai",
            choices=sorted(_BY_PARAM),
            action="append",
            help="Only this kind (tin-bai, van-ban, thanh-vien); repeatable. Default: all.",
        )
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="Objects per query and upsert."
        )
        parser.add_argument(
            "--cong",
            type=int,
            action="append",
            dest="sites",
            help="Only the site with this id; repeatable. Default: every site.",
        )

        parser.add_argument(
            "--nen",
            action="store_true",
            dest="background",
            help="Queue one background job per site (run by `manage.py db_worker`) and return.",
        )

    def handle(self, *args, loai=None, batch_size=BATCH_SIZE, sites=None, background=False, **options):
        kinds = [_BY_PARAM[value] for value in loai] if loai else None
        with all_sites():
            chosen = Site.objects.order_by("pk")
            if sites:
                chosen = chosen.filter(pk__in=sites)
            chosen = list(chosen)
        if background:
            for site in chosen:
                reindex_later(site.pk, kinds)
            self.stdout.write(self.style.SUCCESS(f"Đã xếp hàng lập chỉ mục cho {len(chosen)} cổng."))
            return
        for site in chosen:
            # Each site's work sees only its own objects and entries: an entry whose object
            # left the site goes, and every object is written with its own site.
            with working_on(site):
                counts = reindex(kinds, batch_size=max(1, batch_size))
            for kind in Kind:
                if kind in counts:
                    self.stdout.write(f"{site.name}: {kind.label}: {counts[kind]} mục đã lập chỉ mục.")
        fulltext.ensure(connection)
        self.stdout.write(self.style.SUCCESS("Đã cập nhật chỉ mục tìm kiếm."))
