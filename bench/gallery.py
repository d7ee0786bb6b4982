"""Wall time of saving a news article with a 12-photo gallery through the admin.

    .venv/bin/python bench/gallery.py            # renditions queued for the worker (the default)
    .venv/bin/python bench/gallery.py --inline   # renditions made in the request (JOBS_BACKEND=immediate)

Twelve 12-megapixel JPEGs (4000 × 3000, generated with Pillow: a gradient with grain, so they
compress like photos) are posted in one admin form, as an editor saving a news gallery does,
through Django's test client against a fresh SQLite database in a temporary folder (nothing
of var/ is touched). The script prints the save's wall time, the machine's load average before
and after, and then how long the queued renditions take the worker (`db_worker --batch`). The
target for the save is under 2 s; gunicorn's timeout is 30 s.
"""

import argparse
import io
import os
import re
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PHOTOS = 12
SIZE = (4000, 3000)


def configure(inline: bool, folder: Path) -> None:
    os.environ.update(
        {
            "DJANGO_ENV_FILE": "none",
            "DJANGO_SETTINGS_MODULE": "bench.settings_gallery",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "localhost",
            "DJANGO_HTTPS": "false",
            "DJANGO_STAFF_2FA_REQUIRED": "false",
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "MEDIA_ROOT": str(folder / "media"),
            "DOCUMENT_FILES_ROOT": str(folder / "documents"),
            "DJANGO_CACHE_DIR": str(folder / "cache"),
            "REDIS_URL": "",
            "DJANGO_LOG_LEVEL": "WARNING",
            "JOBS_BACKEND": "immediate" if inline else "database",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def photo(i: int) -> bytes:
    from PIL import Image

    gradient = Image.linear_gradient("L").resize(SIZE)
    grain = Image.effect_noise(SIZE, 24)
    image = Image.merge("RGB", (gradient, grain, gradient.rotate(90 + i, expand=False)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def form_data(client, url: str, category_id: int, photos: list[bytes]) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.get(url, HTTP_HOST="localhost")
    assert page.status_code == 200, page.status_code
    management = re.compile(r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="(\d*)"')
    data = dict(management.findall(page.content.decode()))
    data.update(
        {
            "kind": "standard",
            "title": "Hội nghị tổng kết công tác năm",
            "category": category_id,
            "summary": "Tóm tắt",
            "body": "<p>Nội dung</p>",
            "status": "draft",
            "gallery-TOTAL_FORMS": str(len(photos)),
        }
    )
    for i, content in enumerate(photos):
        data[f"gallery-{i}-image"] = SimpleUploadedFile(f"anh-{i}.jpg", content, content_type="image/jpeg")
        data[f"gallery-{i}-alt"] = f"Quang cảnh hội nghị, ảnh {i + 1}"
        data[f"gallery-{i}-order"] = str(i)
    return data


def measure(inline: bool = False, worker: bool = True) -> dict:
    """Save the gallery once in a fresh database; the save's seconds, what was saved, the load
    average before and after, and (queued renditions) the worker's seconds."""
    with tempfile.TemporaryDirectory(prefix="bcd35-bench-gallery-") as tmp:
        folder = Path(tmp)
        configure(inline, folder)
        from django.contrib.auth import get_user_model
        from django.contrib.sites.models import Site
        from django.core.management import call_command
        from django.test import Client

        from network.api import working_on
        from news.models import Category, GalleryPhoto

        call_command("migrate", verbosity=0)
        site = Site.objects.get(pk=1)
        with working_on(site):
            category = Category.objects.create(name="Tin hoạt động", slug="tin-hoat-dong", order=1)
        password = secrets.token_urlsafe(16)
        admin = get_user_model().objects.create_superuser("bench", "bench@example.vn", password)
        client = Client()
        client.force_login(admin)
        photos = [photo(i) for i in range(PHOTOS)]
        url = "/quan-tri/news/article/add/"
        data = form_data(client, url, category.pk, photos)

        result = {"megabytes": sum(len(p) for p in photos) / 1e6, "load_before": os.getloadavg()}
        started = time.perf_counter()
        response = client.post(url, data, HTTP_HOST="localhost")
        result["save"] = time.perf_counter() - started
        result["load_after"] = os.getloadavg()
        if response.status_code != 302:
            raise SystemExit(f"the save failed: HTTP {response.status_code}")
        with working_on(site):
            result["saved"] = GalleryPhoto.objects.count()
        if worker and not inline:
            started = time.perf_counter()
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
            result["worker"] = time.perf_counter() - started
        return result


def gallery_seconds() -> float:
    """The save's seconds with the renditions queued (bench/run.py's budget row)."""
    return measure(inline=False, worker=False)["save"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inline", action="store_true", help="make the renditions in the request")
    args = parser.parse_args()
    result = measure(args.inline)
    mode = "inline renditions (JOBS_BACKEND=immediate)" if args.inline else "renditions queued"
    size = f"{SIZE[0]}×{SIZE[1]} ({result['megabytes']:.1f} MB)"
    say(f"{PHOTOS} photos of {size}, {mode}: {result['saved']} saved")
    say(f"gallery save: {result['save']:.2f} s (target < 2 s)")
    loads = [" ".join(f"{x:.2f}" for x in result[k]) for k in ("load_before", "load_after")]
    say(f"load average before/after: {loads[0]} / {loads[1]}")
    if "worker" in result:
        say(f"worker, the {PHOTOS} rendition jobs: {result['worker']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
