#!/usr/bin/env python
"""Seed a large, realistic data set for `make bench` (idempotent, bulk inserts).

    DJANGO_SETTINGS_MODULE=portal.settings DATABASE_URL=postgres://…/bcd35_bench \
        .venv/bin/python bench/seed.py --articles 20000 --documents 5000

Creates (or tops up to) N published articles across eight categories, each pointing at one of
a pool of 30 photos made once through the real photo pipeline (process_upload +
make_renditions); M published documents with PDF attachments (four generated PDFs, checked by
documents.files.inspect_upload and read by documents.extract.extract_text once, then shared);
300 people with 600 appointments; ten years of daily and hourly visit totals; and the search
index for everything inserted here. Rows are recognisable by their slug prefix ("tn-"); a
second run with the same numbers inserts nothing.

One committee (the default): everything belongs to the install's first site (site 1).

A platform (`--committees 50 --articles 100000 --documents 25000`): site 1 becomes the committee
of a province (`--province`, official code) and N - 1 sites of its communes and wards are made
below it through lifecycle.create_committee, as an administrator makes them (names, level and
host name from the official units; default menu, sections and lookups). Site 1 takes
`--province-share` of the articles and documents (0.2: the single-committee seed's 20,000 and
5,000, so "50 committees vs 1" compares the same committee); the communes split the rest; every
site has its own eight sections, 300 people, visit history and search entries.

Each site is seeded inside its work (network.api.working_on), so every query sees only its
rows, and each bulk-inserted row names it (bulk_create sends no signals, so a child row does
not take its parent's site).

The last stdout line is JSON: {"sizes": site 1's rows, "platform": every site's, "pages":
{name: path}, "host": site 1's host name, "timings": seconds} — every path answered 200 through
the test client, sent to that host, before it is printed (and a commune's home, news list and
organisation page at the commune's host).
"""

import argparse
import datetime
import functools
import hashlib
import io
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

PREFIX = "tn-"  # "thử nghiệm": every seeded row's slug starts with it
SITE_ID = 1  # the install's first site, the one the bench serves
PHOTO_POOL = 30
PHOTO_DIR = "news/bench"
PDF_POOL = 4
PEOPLE = 300
APPOINTMENTS = 600
VISIT_YEARS = 10
BATCH = 1000

CATEGORIES = [
    ("Hoạt động Ban Chỉ đạo", True),
    ("Bảo vệ nền tảng tư tưởng", True),
    ("Đấu tranh phản bác", True),
    ("Tin cơ sở", True),
    ("Gương người tốt, việc tốt", True),
    ("Văn bản chỉ đạo", False),
    ("Tập huấn, hội thảo", False),
    ("Thông tin tuyên truyền", False),
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Thạch"]
MIDDLE = ["Văn", "Thị", "Minh", "Hoàng", "Thanh", "Ngọc", "Hữu", "Quốc", "Thị Kim", "Công"]
GIVEN = ["Nhặn", "Đông", "Hùng", "Lan", "Phương", "Tuấn", "Hải", "Thảo", "Bình", "Sơn", "Yến", "Dũng"]
OUT = sys.stdout


def log(msg: str) -> None:
    sys.stderr.write(f"[seed] {msg}\n")
    sys.stderr.flush()


# --- photos -------------------------------------------------------------------------------------
def _make_photo(i: int) -> bytes:
    """A distinct 1600×1067 JPEG: gradient sky, fields, a few shapes (no two alike)."""
    from PIL import Image, ImageDraw

    rng = random.Random(f"photo-{i}")
    w, h = 1600, 1067
    top = tuple(rng.randrange(60, 200) for _ in range(3))
    bottom = tuple(rng.randrange(20, 160) for _ in range(3))
    im = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(im)
    for y in range(h):
        t = y / h
        draw.line(
            [(0, y), (w, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    for _ in range(12):
        x, y, r = rng.randrange(w), rng.randrange(h), rng.randrange(30, 220)
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
        else:
            draw.rectangle([x - r, y - r // 2, x + r, y + r // 2], fill=colour)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=88)
    return buf.getvalue()


def photo_pool() -> list[tuple[str, int, int]]:
    """(name, width, height) of the pool photos, made through the real pipeline once."""
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image

    from imaging.pipeline import make_renditions, process_upload, rendition_name

    pool = []
    for i in range(PHOTO_POOL):
        name = f"{PHOTO_DIR}/anh-{i:02d}.jpg"
        if not default_storage.exists(name):
            upload = ContentFile(_make_photo(i), name=f"anh-{i:02d}.jpg")
            clean = process_upload(upload)
            stored = default_storage.save(name, clean)
            assert stored == name, stored
        if not default_storage.exists(rendition_name(name, min(settings.IMAGE_RENDITION_WIDTHS), "jpg")):
            make_renditions(name)  # writes only the missing renditions
        with default_storage.open(name, "rb") as fh:
            width, height = Image.open(fh).size
        pool.append((name, width, height))
    return pool


def _rng(kind: str, site_id: int, part) -> random.Random:
    """The same rows on every run; site 1 keeps the single-committee seed's text."""
    return random.Random(f"{kind}-{part}" if site_id == SITE_ID else f"{kind}-{site_id}-{part}")


# --- articles -----------------------------------------------------------------------------------
def categories() -> list:
    from common.text import slugify_vi
    from news.models import Category

    result = []
    for order, (name, in_menu) in enumerate(CATEGORIES):
        # By name or address: a commune made by create_committee has some sections already.
        slug = slugify_vi(name, 80)
        category = Category.objects.filter(name=name).first() or Category.objects.filter(slug=slug).first()
        if category is None:
            category = Category.objects.create(name=name, slug=slug, order=order, show_in_menu=in_menu)
        result.append(category)
    return result


def seed_articles(wanted: int, pool: list, site_id: int) -> list[int]:
    from django.utils import timezone

    from bench.search_content import PLACES, SENTENCES, TOPICS
    from common.html import plain_text
    from common.text import fold, slugify_vi
    from news.models import Article, Status

    cats = categories()
    existing = Article.objects.filter(slug__startswith=PREFIX).count()
    if existing >= wanted:
        return []
    now = timezone.now().replace(microsecond=0)
    span = datetime.timedelta(days=365 * VISIT_YEARS)
    new_ids: list[int] = []
    rng = _rng("articles", site_id, existing)
    for start in range(existing, wanted, BATCH):
        rows = []
        for i in range(start, min(start + BATCH, wanted)):
            # i = 0 is the oldest; the newest ends an hour ago, evenly spread over ten years.
            at = now - datetime.timedelta(hours=1) - span * (wanted - 1 - i) / max(wanted - 1, 1)
            title = f"{rng.choice(TOPICS)} {rng.choice(SENTENCES).lower()} tại {rng.choice(PLACES)}"[:300]
            summary = ". ".join(rng.choice(SENTENCES) for _ in range(2)) + "."
            body = "".join(
                "<p>" + ". ".join(rng.choice(SENTENCES) for _ in range(5)) + ".</p>" for _ in range(6)
            )
            photo, width, height = pool[i % len(pool)]
            caption = f"{rng.choice(TOPICS)} tại {rng.choice(PLACES)}."
            credit = "Tin, ảnh: Minh Đông"
            rows.append(
                Article(
                    title=title,
                    slug=f"{PREFIX}{i}-{slugify_vi(title, 60)}",
                    summary=summary,
                    body=body,
                    photo=photo,
                    photo_width=width,
                    photo_height=height,
                    photo_alt=f"Quang cảnh {caption[:-1].lower()}",
                    photo_caption=caption,
                    credit=credit,
                    category=cats[i % len(cats)],
                    status=Status.PUBLISHED,
                    publish_at=at,
                    first_published_at=at,
                    search_text=fold(" ".join([title, summary, plain_text(body), caption, credit])),
                    site_id=site_id,
                )
            )
        Article.objects.bulk_create(rows, batch_size=BATCH)
        new_ids += [row.pk for row in rows]
        log(f"articles: {min(start + BATCH, wanted)}/{wanted}")
    return new_ids


# --- documents ----------------------------------------------------------------------------------
def _make_pdf(i: int) -> bytes:
    from fpdf import FPDF

    from bench.search_content import SENTENCES

    fonts = ROOT / "demo" / "fonts"  # the subset DejaVu the demo documents use
    rng = random.Random(f"pdf-{i}")
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans-vi.ttf"))
    pdf.set_font("DejaVu", size=11)
    for _ in range(2 + i):
        pdf.add_page()
        for _ in range(12):
            pdf.multi_cell(
                0, 6, ". ".join(rng.choice(SENTENCES) for _ in range(3)) + ".", new_x="LMARGIN", new_y="NEXT"
            )
    return bytes(pdf.output())


@functools.cache
def pdf_pool() -> list[dict]:
    """Attachment facts of a few real PDFs stored once in the private document storage."""
    from django.core.files.base import ContentFile

    from documents.extract import extract_text
    from documents.files import inspect_upload
    from documents.storage import document_storage

    pool = []
    for i in range(PDF_POOL):
        data = _make_pdf(i)
        original = f"Toan-van-{i + 1}.pdf"
        facts = inspect_upload(io.BytesIO(data), original)
        name = f"bench/toan-van-{i + 1}.pdf"
        if not document_storage.exists(name):
            document_storage.save(name, ContentFile(data))
        pool.append(
            {
                "file": name,
                "original_name": f"Toàn văn {i + 1}.pdf",
                "kind": facts.kind,
                "size": facts.size,
                "sha256": facts.sha256,
                "page_count": facts.page_count,
                "text": extract_text(io.BytesIO(data), facts.kind),
            }
        )
    return pool


def _document_lookups() -> dict:
    from documents.models import DocumentType, Field, IssuingBody, Term

    types = []
    for order, (name, abbr) in enumerate(
        [
            ("Kế hoạch", "KH"),
            ("Quyết định", "QĐ"),
            ("Quy chế", "QC"),
            ("Báo cáo", "BC"),
            ("Thông báo", "TB"),
            ("Hướng dẫn", "HD"),
        ]
    ):
        obj = DocumentType.objects.filter(abbreviation=abbr).first() or DocumentType.objects.create(
            name=name, abbreviation=abbr, order=order
        )
        types.append(obj)
    bodies = []
    for order, (name, abbr, numbering) in enumerate(
        [
            ("Ban Chỉ đạo 35 huyện", "BCĐ", IssuingBody.Numbering.TERM),
            ("Ủy ban nhân dân huyện", "UBND", IssuingBody.Numbering.YEAR),
        ]
    ):
        obj = IssuingBody.objects.filter(name=name).first() or IssuingBody.objects.create(
            name=name, abbreviation=abbr, numbering=numbering, order=order
        )
        bodies.append(obj)
    terms = []
    for name, start, end in [
        ("Nhiệm kỳ 2010–2015", datetime.date(2010, 10, 1), datetime.date(2015, 9, 30)),
        ("Nhiệm kỳ 2015–2020", datetime.date(2015, 10, 1), datetime.date(2020, 9, 30)),
        ("Nhiệm kỳ 2020–2025", datetime.date(2020, 10, 1), datetime.date(2025, 9, 30)),
        ("Nhiệm kỳ 2025–2030", datetime.date(2025, 10, 1), None),
    ]:
        obj = Term.objects.filter(name=name).first() or Term.objects.create(
            name=name, start_date=start, end_date=end
        )
        terms.append(obj)
    fields = []
    for order, name in enumerate(
        ["Bảo vệ nền tảng tư tưởng", "Thông tin, tuyên truyền", "Tổ chức, cán bộ", "An ninh mạng", "Kiểm tra"]
    ):
        obj = Field.objects.filter(name=name).first() or Field.objects.create(name=name, order=order)
        fields.append(obj)
    return {"types": types, "bodies": bodies, "terms": terms, "fields": fields}


def seed_documents(wanted: int, site_id: int) -> list[int]:
    from django.db.models import Max
    from django.utils import timezone

    from bench.search_content import SENTENCES
    from common.text import fold, slugify_vi
    from documents.models import Attachment, Document

    existing = Document.objects.filter(slug__startswith=PREFIX).count()
    if existing >= wanted:
        return []
    lookups = _document_lookups()
    pdfs = pdf_pool()
    folded_pdf = [fold(pdf["text"]) for pdf in pdfs]
    # Next free number per series, continuing after whatever is there (idempotent top-up).
    numbers = {
        (row["issuing_body_id"], row["doc_type_id"], row["number_series"]): row["top"]
        for row in Document.objects.values("issuing_body_id", "doc_type_id", "number_series").annotate(
            top=Max("number")
        )
    }
    today = timezone.localdate()
    first_day = today - datetime.timedelta(days=365 * VISIT_YEARS)
    now = timezone.now()
    rng = _rng("documents", site_id, existing)
    through = Document.fields.through
    new_ids: list[int] = []
    for start in range(existing, wanted, BATCH):
        rows, field_of = [], []
        for i in range(start, min(start + BATCH, wanted)):
            day = first_day + datetime.timedelta(days=(3650 * i) // max(wanted, 1))
            doc_type = lookups["types"][i % len(lookups["types"])]
            body = lookups["bodies"][i % 3 == 0]  # one in three from the state body
            if body.numbering == "term":
                term = next(
                    t
                    for t in lookups["terms"]
                    if t.start_date <= day and (t.end_date is None or day <= t.end_date)
                )
                series = f"term-{term.pk}"
            else:
                term, series = None, f"year-{day.year}"
            key = (body.pk, doc_type.pk, series)
            numbers[key] = numbers.get(key) or 0
            numbers[key] += 1
            number = numbers[key]
            title = f"{doc_type.name} {rng.choice(SENTENCES).lower()}"[:300]
            code = f"{number:02d}-{doc_type.abbreviation}/{body.abbreviation}"
            summary = ". ".join(rng.choice(SENTENCES) for _ in range(2)) + "."
            expiry = day + datetime.timedelta(days=365 * 3) if i % 5 == 0 else None
            signer = "Phan Văn Nhặn"
            position = "Trưởng Ban Chỉ đạo"
            field = lookups["fields"][i % len(lookups["fields"])]
            rows.append(
                Document(
                    doc_type=doc_type,
                    issuing_body=body,
                    term=term,
                    number=number,
                    symbol=body.abbreviation,
                    title=title,
                    slug=f"{PREFIX}{i}-{slugify_vi(code + ' ' + title, 80)}",
                    summary=summary,
                    signer_name=signer,
                    signer_position=position,
                    issue_date=day,
                    effective_date=day,
                    expiry_date=expiry,
                    is_published=True,
                    published_at=now,
                    uploaded_at=now,
                    number_series=series,
                    # fold() works letter by letter: the shared PDF text is folded once.
                    search_text=fold(
                        "\n".join(
                            [
                                code,
                                " ".join(code.replace("/", " ").replace("-", " ").split()),
                                title,
                                summary,
                                doc_type.name,
                                body.name,
                                signer,
                                position,
                                field.name,
                            ]
                        )
                    )
                    + "\n"
                    + folded_pdf[i % len(pdfs)],
                    site_id=site_id,
                )
            )
            field_of.append(field)
        Document.objects.bulk_create(rows, batch_size=BATCH)
        through.objects.bulk_create(
            [
                through(document_id=doc.pk, field_id=field.pk)
                for doc, field in zip(rows, field_of, strict=True)
            ]
        )
        Attachment.objects.bulk_create(
            [
                Attachment(
                    document=doc,
                    title="Toàn văn",
                    order=0,
                    uploaded_at=now,
                    site_id=site_id,
                    **pdfs[n % len(pdfs)],
                )
                for n, doc in enumerate(rows, start=start)
            ]
        )
        new_ids += [row.pk for row in rows]
        log(f"documents: {min(start + BATCH, wanted)}/{wanted}")
    return new_ids


# --- committee ----------------------------------------------------------------------------------
def seed_people(pool: list, site_id: int) -> list[int]:
    from committee.models import Appointment, Person, Role, Unit
    from common.text import fold, slugify_vi

    if Person.objects.filter(slug__startswith=PREFIX).count() >= PEOPLE:
        return []
    units = {}
    for order, (name, kind) in enumerate(
        [
            ("Ban Chỉ đạo", Unit.Kind.STEERING),
            ("Tổ giúp việc", Unit.Kind.SECRETARIAT),
            ("Ban Biên tập trang fanpage", Unit.Kind.FANPAGE),
            ("Nhóm cộng tác viên", Unit.Kind.COLLABORATORS),
        ]
    ):
        units[kind] = Unit.objects.filter(name=name).first() or Unit.objects.create(
            name=name, kind=kind, order=order
        )
    roles = {}
    for rank, name in enumerate(["Trưởng ban", "Phó Trưởng ban", "Thành viên", "Tổ trưởng", "Cộng tác viên"]):
        roles[name] = Role.objects.filter(name=name).first() or Role.objects.create(name=name, rank=rank + 1)
    Person.objects.filter(slug__startswith=PREFIX).delete()  # partial earlier run: start over
    rng = _rng("people", site_id, "")
    people = []
    for i in range(PEOPLE):
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        position = rng.choice(
            [
                "Phó Bí thư Huyện ủy",
                "Trưởng Ban Tuyên giáo Huyện ủy",
                "Phó Chủ tịch UBND huyện",
                "Công chức xã",
            ]
        )
        photo = pool[i % len(pool)] if i < 30 else ("", None, None)
        people.append(
            Person(
                full_name=name,
                slug=f"{PREFIX}{i}-{slugify_vi(name, 100)}",
                main_position=position,
                photo=photo[0],
                photo_width=photo[1],
                photo_height=photo[2],
                search_text=fold(f"{name} {position}"),
                site_id=site_id,
            )
        )
    Person.objects.bulk_create(people)
    # Two appointments each: the 2015–2020 term (ended), then the current term for two thirds
    # of them; the rest left in 2023. The first 30 are the committee itself.
    old_start, change, left = (
        datetime.date(2015, 10, 1),
        datetime.date(2020, 10, 1),
        datetime.date(2023, 6, 1),
    )
    appointments = []
    for i, person in enumerate(people):
        if i == 0:
            unit, role = units[Unit.Kind.STEERING], roles["Trưởng ban"]
        elif i < 4:
            unit, role = units[Unit.Kind.STEERING], roles["Phó Trưởng ban"]
        elif i < 30:
            unit, role = units[Unit.Kind.STEERING], roles["Thành viên"]
        elif i < 40:
            unit, role = units[Unit.Kind.SECRETARIAT], roles["Thành viên"]
        elif i < 50:
            unit, role = units[Unit.Kind.FANPAGE], roles["Thành viên"]
        else:
            unit, role = units[Unit.Kind.COLLABORATORS], roles["Cộng tác viên"]
        appointments.append(
            Appointment(
                person=person,
                unit=unit,
                role=role,
                start_date=old_start,
                end_date=change,
                order=i,
                site_id=site_id,
            )
        )
        end = None if i < 200 else left
        appointments.append(
            Appointment(
                person=person, unit=unit, role=role, start_date=change, end_date=end, order=i, site_id=site_id
            )
        )
    assert len(appointments) == APPOINTMENTS
    Appointment.objects.bulk_create(appointments)
    return [p.pk for p in people]


# --- visit statistics -----------------------------------------------------------------------------
def seed_visits(site_id: int) -> int:
    """Ten years of hourly totals and their daily sums, made by PostgreSQL itself (50 sites are
    4.4 million hourly rows: too many to build as Python objects). Weekdays ~1,500 visits,
    weekends ~700, mostly between 7 and 21 h. Only days before the last ten (those live in
    Redis in Redis mode). Existing days are kept, so a second run adds nothing."""
    from django.db import connection
    from django.utils import timezone

    from stats.models import DailyVisits, HourlyVisits

    today = timezone.localdate()
    first = today - datetime.timedelta(days=365 * VISIT_YEARS)
    last = today - datetime.timedelta(days=10)
    if DailyVisits.objects.filter(day__lte=last).count() >= 365 * VISIT_YEARS - 10:
        return 0
    hourly, daily = HourlyVisits._meta.db_table, DailyVisits._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [(site_id % 1000) / 1000])
        # 15 busy hours weigh 3, 9 quiet ones 0.3, times a uniform draw: 23.85 on average.
        cursor.execute(
            f"""
            INSERT INTO {hourly} (site_id, day, hour, visits)
            SELECT %(site)s, d::date, h,
                   (CASE WHEN extract(isodow FROM d) < 6 THEN 1500 ELSE 700 END
                    * CASE WHEN h BETWEEN 7 AND 21 THEN 3 ELSE 0.3 END * random() / 23.85)::int
            FROM generate_series(%(first)s::date, %(last)s::date, interval '1 day') AS d,
                 generate_series(0, 23) AS h
            ON CONFLICT DO NOTHING
            """,
            {"site": site_id, "first": first, "last": last},
        )
        cursor.execute(
            f"""
            INSERT INTO {daily} (site_id, day, visits)
            SELECT site_id, day, sum(visits) FROM {hourly}
            WHERE site_id = %(site)s AND day BETWEEN %(first)s AND %(last)s
            GROUP BY site_id, day
            ON CONFLICT DO NOTHING
            """,
            {"site": site_id, "first": first, "last": last},
        )
        return cursor.rowcount


# --- search -------------------------------------------------------------------------------------
def _memoise_words() -> None:
    """The search index's per-word work, remembered per word for this process.

    search.query folds each word and works out its marked form ("hòa" → "hoa2") word by word,
    a million times over the seed's vocabulary of a few hundred words: two thirds of the
    seeding time. The same functions give the same entries; only the repeats are skipped."""
    from search import query

    if getattr(query, "_bench_memoised", False):
        return
    words, marked = query.index_words, functools.lru_cache(maxsize=100_000)(query.marked_form)
    short = functools.lru_cache(maxsize=100_000)(lambda token: tuple(words(token)))

    def index_words(text: str) -> list[str]:
        return list(short(text)) if text and len(text) <= 40 else words(text)

    query.index_words, query.marked_form, query._bench_memoised = index_words, marked, True


def index(kind, ids: list[int]) -> None:
    from django.db import transaction

    from search.indexing import add_new
    from search.models import SearchEntry
    from search.providers import PROVIDERS

    _memoise_words()
    have = set(SearchEntry.objects.filter(kind=kind, object_id__in=ids).values_list("object_id", flat=True))
    todo = [pk for pk in ids if pk not in have]
    for start in range(0, len(todo), BATCH):
        with transaction.atomic():
            add_new(PROVIDERS[kind], todo[start : start + BATCH])


def index_missing() -> None:
    """Index every seeded object without an entry (also repairs an interrupted earlier run)."""
    from committee.models import Person
    from documents.models import Document
    from news.models import Article
    from search.models import Kind, SearchEntry

    for kind, model in ((Kind.ARTICLE, Article), (Kind.DOCUMENT, Document), (Kind.PERSON, Person)):
        indexed = SearchEntry.objects.filter(kind=kind).values("object_id")
        missing = list(
            model.objects.filter(slug__startswith=PREFIX).exclude(pk__in=indexed).values_list("pk", flat=True)
        )
        if missing:
            log(f"indexing {len(missing)} {kind}")
            index(kind, missing)


# --- pages --------------------------------------------------------------------------------------
def pages() -> dict[str, str]:
    from urllib.parse import urlencode

    from documents.models import Document
    from news.models import Article, Category
    from news.views import PAGE_SIZE

    published = Article.objects.published()
    article = published.filter(slug__startswith=PREFIX).newest_first()[5]  # an ordinary, recent one
    category = Category.objects.get(name=CATEGORIES[0][0])
    doc_list = Document.objects.published().filter(slug__startswith=PREFIX)
    # A recent document whose filters (type + year) match a realistic number of rows.
    document = doc_list.order_by("-issue_date", "-number")[3]
    page_500 = min(500, max(1, (published.count() + PAGE_SIZE - 1) // PAGE_SIZE))
    filters = urlencode({"loai": document.doc_type.slug, "nam": document.issue_date.year})
    return {
        "baseline": "/_bench/baseline/",
        "home": "/",
        "news_list": "/tin-tuc/",
        "news_list_500": f"/tin-tuc/?trang={page_500}",
        "category": category.get_absolute_url(),
        "article": article.get_absolute_url(),
        "document_list": f"/van-ban/?{filters}",
        "document": document.get_absolute_url(),
        "organisation": "/ban-chi-dao/",
        "search": "/tim-kiem/?q=hoi+nghi",
        "rss": "/tin-tuc/rss/",
    }


def check(paths: dict[str, str], host: str) -> None:
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    # Sent to site 1's host name: the site middleware serves a site by the Host header.
    client = Client(
        HTTP_HOST=host, HTTP_USER_AGENT="Mozilla/5.0 (bench seed check) Chrome/131.0 Mobile Safari/537.36"
    )
    with override_settings(PAGE_CACHE_SECONDS=0, VISIT_COUNTER_ENABLED=False):
        for name, path in paths.items():
            if name == "baseline" and not settings.BENCH_BASELINE_VIEW:
                continue
            status = client.get(path).status_code
            if status != 200:
                raise SystemExit(f"{name} {path} answered {status}")


def sizes() -> dict[str, int]:
    """Row counts of the sites in scope: the site being worked on, or every site (all_sites)."""
    from committee.models import Appointment, Person
    from documents.models import Attachment, Document
    from news.models import Article, Category
    from search.models import SearchEntry
    from stats.models import DailyVisits, HourlyVisits

    return {
        "articles": Article.objects.published().count(),
        "categories": Category.objects.count(),
        "photos": PHOTO_POOL,
        "documents": Document.objects.published().count(),
        "attachments": Attachment.objects.count(),
        "people": Person.objects.count(),
        "appointments": Appointment.objects.count(),
        "daily_visits": DailyVisits.objects.count(),
        "hourly_visits": HourlyVisits.objects.count(),
        "search_entries": SearchEntry.objects.count(),
    }


# --- the network ----------------------------------------------------------------------------------
def network(first_site, committees: int, province_code: str) -> list:
    """Site 1 as the committee of a province, and `committees` - 1 sites of its communes and
    wards below it, made as an administrator makes them (lifecycle.create_committee, from the
    official units): names, level, host name (tenxa.tentinh.gov.vn), menu, sections, lookups.
    Sites already there (by host name) are kept. Returns [province, communes…]."""
    from django.contrib.sites.models import Site

    from lifecycle.create import NewCommittee, create_committee
    from lifecycle.units import all_units, derived_identity, find_unit, suggested_host
    from network.api import all_sites, working_on
    from network.models import Committee
    from pages.models import SiteSettings

    province = find_unit(province_code)
    if province is None or not province.is_province:
        raise SystemExit(f"--province {province_code}: not the code of a province")
    communes = sorted(
        (u for u in all_units().values() if u.province_code == province.code and not u.is_province),
        key=lambda u: u.code,
    )[: committees - 1]
    if len(communes) < committees - 1:
        raise SystemExit(f"{province.full_name} has {len(communes)} communes and wards, not {committees - 1}")
    with all_sites():
        committee, _ = Committee.objects.get_or_create(site=first_site)
        if committee.unit_code != province.code:
            committee.unit_code = province.code
            committee.save(update_fields=["unit_code"])
    with working_on(first_site):
        identity = SiteSettings.objects.filter(site=first_site).first() or SiteSettings(site=first_site)
        for key, value in derived_identity(province).items():
            setattr(identity, key, value)
        identity.save()  # a save, not an update: the identity's cache follows
    sites = [first_site]
    with all_sites():
        for unit in communes:
            host = suggested_host(unit)
            site = Site.objects.filter(domain=host).first()
            if site is None:
                site = create_committee(
                    NewCommittee(host=host, parent=first_site, unit_code=unit.code, **derived_identity(unit))
                )
            sites.append(site)
    return sites


def shares(total: int, sites: int, first_share: float) -> list[int]:
    """`total` rows over `sites`: the first takes `first_share`, the others split the rest evenly."""
    if sites == 1:
        return [total]
    first = round(total * first_share)
    each, extra = divmod(total - first, sites - 1)
    return [first] + [each + (n < extra) for n in range(sites - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000, help="in all, over every site")
    parser.add_argument("--documents", type=int, default=5_000, help="in all, over every site")
    parser.add_argument(
        "--committees", type=int, default=1, help="sites: a province (site 1) and N - 1 communes below it"
    )
    parser.add_argument("--province", default="86", help="the province's official code (86: Vĩnh Long)")
    parser.add_argument(
        "--province-share",
        type=float,
        default=0.2,
        help="the province's part of the articles and documents when N > 1 (0.2 of 100,000 is the "
        "single-committee seed's 20,000: the same committee, measured in a bigger network)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.sites.models import Site

    seed(args, Site.objects.get(pk=SITE_ID))


def seed(args, first_site) -> None:
    from django.db import connection

    from network.api import all_sites, working_on
    from pagecache.api import bump_content_version
    from search.models import Kind

    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Throw-away bench data: a crash may lose the last commits, and a re-run tops them up.
            cursor.execute("SET synchronous_commit TO off")
    sites = network(first_site, args.committees, args.province) if args.committees > 1 else [first_site]
    timings = {"sites": round(time.perf_counter() - started, 1)}
    pool = photo_pool()
    log(f"{len(sites)} sites, photo pool ready ({len(pool)}) in {time.perf_counter() - started:.1f} s")
    articles = shares(args.articles, len(sites), args.province_share)
    documents = shares(args.documents, len(sites), args.province_share)
    mark = time.perf_counter()
    for n, site in enumerate(sites):
        with working_on(site):
            index(Kind.ARTICLE, seed_articles(articles[n], pool, site.pk))
            index(Kind.DOCUMENT, seed_documents(documents[n], site.pk))
            index(Kind.PERSON, seed_people(pool, site.pk))
            index_missing()
            seed_visits(site.pk)
        if len(sites) > 1:
            log(f"site {n + 1}/{len(sites)} ({site.domain}) in {time.perf_counter() - mark:.0f} s")
    timings["content"] = round(time.perf_counter() - mark, 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # Bulk inserts send no signals: drop every site's cached pages.
    bump_content_version([site.pk for site in sites])
    with working_on(first_site):
        paths = pages()
        if len(sites) > 1:
            paths["network_documents"] = "/van-ban/?q=hoi+nghi&ban_chi_dao=tat-ca"
        check(paths, first_site.domain)
        own = sizes()
    if len(sites) > 1:  # one commune's pages answer too, at its own host name
        with working_on(sites[-1]):
            check({name: paths[name] for name in ("home", "news_list", "organisation")}, sites[-1].domain)
    with all_sites():
        platform = sizes()
    timings["total"] = round(time.perf_counter() - started, 1)
    log(f"seeded in {timings['total']} s")
    digest = hashlib.sha256(json.dumps(paths, sort_keys=True).encode()).hexdigest()[:12]
    OUT.write(
        json.dumps(
            {
                "sizes": own,
                "platform": {"sites": len(sites), **platform},
                "pages": paths,
                "digest": digest,
                "host": first_site.domain,
                "timings": timings,
            },
            ensure_ascii=False,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
