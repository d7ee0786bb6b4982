#!/usr/bin/env python
"""How big a committee's tables are per 1,000 articles, on PostgreSQL (docs/platform.md, "Scale").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bcd35_sizes .venv/bin/python bench/platform_sizes.py

Fills one site of an empty database with 1,000 published articles (a 3 KB body, two tags, a
status history row, a gallery photo row for one in five), 250 documents with one attachment row
each, 60 people with 90 appointments, the search index of all of it, a year of daily and hourly
visit totals and 20 days of view counts per article, then VACUUM ANALYZE, and prints each table's
rows and total size (heap, indexes, TOAST) as a Markdown table, largest first. The database is
dropped and made again on each run.
"""

import datetime
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_ENV_FILE", "none")
os.environ.setdefault("DJANGO_SECRET_KEY", "sizes-only-" + "x" * 50)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bcd35_sizes")
ARTICLES, DOCUMENTS, PEOPLE, APPOINTMENTS = 1000, 250, 60, 90
WORDS = (
    "Ban Chỉ đạo 35 tổ chức hội nghị quán triệt kế hoạch bảo vệ nền tảng tư tưởng của Đảng đấu tranh "
    "phản bác các quan điểm sai trái thù địch trên không gian mạng tuyên truyền viên cơ sở"
).split()


def fresh_database() -> None:
    name = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True)


def text(rng, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def fill() -> None:
    import django

    django.setup()
    from django.contrib.sites.models import Site
    from django.core.management import call_command
    from django.utils import timezone

    from committee.models import Appointment, Person, Role, Unit
    from documents.models import Attachment, Document, DocumentType, IssuingBody
    from network.api import working_on
    from news.models import Article, Category, GalleryPhoto, StatusChange, Tag
    from stats.models import DailyVisits, HourlyVisits, ObjectDailyCount

    rng = random.Random(35)
    site = Site.objects.get(pk=1)
    now = timezone.now()
    with working_on(site):
        categories = [
            Category.objects.create(name=f"Chuyên mục {i}", slug=f"chuyen-muc-{i}") for i in range(6)
        ]
        tags = [Tag.objects.create(name=f"Thẻ {i}", slug=f"the-{i}") for i in range(40)]
        articles = Article.objects.bulk_create(
            Article(
                site=site,
                title=f"{text(rng, 10)} {i}",
                slug=f"bai-{i}",
                summary=text(rng, 30),
                body="<p>" + text(rng, 450) + "</p>",
                category=rng.choice(categories),
                status="published",
                publish_at=now - datetime.timedelta(hours=i),
                photo=f"sites/1/news/2026/01/anh-{i}.jpg",
                photo_width=1600,
                photo_height=1067,
            )
            for i in range(ARTICLES)
        )
        Through = Article.tags.through
        Through.objects.bulk_create(
            Through(article_id=a.pk, tag_id=t.pk) for a in articles for t in rng.sample(tags, 2)
        )
        StatusChange.objects.bulk_create(
            StatusChange(site=site, article=a, from_status="review", to_status="published") for a in articles
        )
        GalleryPhoto.objects.bulk_create(
            GalleryPhoto(
                site=site,
                article=a,
                image=f"sites/1/news/gallery/{a.pk}.jpg",
                image_width=1600,
                image_height=1067,
                caption=text(rng, 8),
            )
            for a in articles[::5]
        )
        doc_type = DocumentType.objects.create(name="Kế hoạch", abbreviation="KH", slug="ke-hoach")
        body = IssuingBody.objects.create(name="Ban Chỉ đạo", abbreviation="BCĐ", slug="bcd")
        documents = []
        for i in range(DOCUMENTS):
            document = Document(
                doc_type=doc_type,
                issuing_body=body,
                number=i + 1,
                title=text(rng, 12),
                summary=text(rng, 40),
                issue_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=i * 7),
                is_published=True,
            )
            document.save()
            documents.append(document)
        Attachment.objects.bulk_create(
            Attachment(
                site=site, document=d, title="Toàn văn", file=f"sites/1/2026/01/{d.pk}.pdf", size=250_000
            )
            for d in documents
        )
        unit = Unit.objects.create(name="Ban Chỉ đạo", slug="ban-chi-dao")
        role = Role.objects.get_or_create(name="Thành viên", defaults={"rank": 70})[0]
        people = [Person.objects.create(full_name=f"Nguyễn Văn {i}") for i in range(PEOPLE)]
        Appointment.objects.bulk_create(
            Appointment(
                site=site,
                person=people[i % PEOPLE],
                unit=unit,
                role=role,
                start_date=datetime.date(2015, 1, 1) + datetime.timedelta(days=i * 30),
                end_date=None if i >= PEOPLE else datetime.date(2020, 1, 1) + datetime.timedelta(days=i),
            )
            for i in range(APPOINTMENTS)
        )
        today = timezone.localdate()
        days = [today - datetime.timedelta(days=d) for d in range(365)]
        DailyVisits.objects.bulk_create(
            DailyVisits(site=site, day=d, visits=rng.randint(50, 500)) for d in days
        )
        HourlyVisits.objects.bulk_create(
            HourlyVisits(site=site, day=d, hour=h, visits=rng.randint(0, 40)) for d in days for h in range(24)
        )
        ObjectDailyCount.objects.bulk_create(
            ObjectDailyCount(
                site=site, day=d, kind="view", model="news.article", object_id=a.pk, count=rng.randint(1, 30)
            )
            for a in articles
            for d in rng.sample(days, 20)
        )
    call_command("reindex_search", verbosity=0)


def report() -> None:
    from django.db import connection

    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            os.environ["DATABASE_URL"].rsplit("/", 1)[1],
            "-qc",
            "VACUUM ANALYZE",
        ],
        check=True,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 3 DESC LIMIT 14"
        )
        rows = cursor.fetchall()
    lines = [f"| table | rows per {ARTICLES:,} articles | size (heap + indexes + TOAST) |", "|---|---:|---:|"]
    lines += [f"| `{name}` | {tuples:,} | {size / 1024 / 1024:.2f} MB |" for name, tuples, size in rows]
    lines.append(f"| *the 14 largest together* | | {sum(r[2] for r in rows) / 1024 / 1024:.2f} MB |")
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    fresh_database()
    fill()
    report()
