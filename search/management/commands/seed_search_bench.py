from django.core.management.base import BaseCommand

from search.bench import generate


class Command(BaseCommand):
    help = (
        "Create synthetic published articles and documents for search benchmarks (bulk inserts, "
        "then one batched reindex). Idempotent: tops up to the requested numbers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=20_000)
        parser.add_argument("--documents", type=int, default=5_000)
        parser.add_argument("--batch-size", type=int, default=1_000)

    def handle(self, *args, articles, documents, batch_size, **options):
        generate(articles, documents, max(1, batch_size), log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Đã chuẩn bị dữ liệu thử nghiệm tìm kiếm."))
