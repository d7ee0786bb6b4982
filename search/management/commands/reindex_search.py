from django.core.management.base import BaseCommand

from search.indexing import BATCH_SIZE, reindex
from search.models import Kind
from search.providers import PROVIDERS

_BY_PARAM = {p.param: kind for kind, p in PROVIDERS.items()}


class Command(BaseCommand):
    help = (
        "Rebuild the site search index from the articles, documents and members (idempotent). "
        "Run it after bulk imports, loaddata or QuerySet.update() on searchable models."
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

    def handle(self, *args, loai=None, batch_size=BATCH_SIZE, **options):
        kinds = [_BY_PARAM[value] for value in loai] if loai else None
        counts = reindex(kinds, batch_size=max(1, batch_size))
        for kind in Kind:
            if kind in counts:
                self.stdout.write(f"{kind.label}: {counts[kind]} mục đã lập chỉ mục.")
        self.stdout.write(self.style.SUCCESS("Đã cập nhật chỉ mục tìm kiếm."))
