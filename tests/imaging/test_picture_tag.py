"""The <picture> markup: both formats, sizes for no layout shift, lazy unless asked otherwise;
the original, sized the same, until the renditions exist."""

from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from imaging.pipeline import make_renditions
from imaging.templatetags.imaging import picture, rendition_url
from tests.imaging.conftest import make_jpeg

pytestmark = pytest.mark.django_db


class _FakeFile:
    """Just what the tag reads: name, storage, and the model's stored width/height."""

    def __init__(self, name, width, height):
        self.name = name
        self.storage = default_storage
        self.field = SimpleNamespace(width_field="w", height_field="h")
        self.instance = SimpleNamespace(w=width, h=height)
        self.url = "/media/" + name

    def __bool__(self):
        return bool(self.name)


def _stored(name, width, height, renditions=True):
    """A fake field file whose original (and, when asked, its renditions) the storage holds."""
    default_storage.save(name, ContentFile(make_jpeg((width, height))))
    if renditions:
        make_renditions(name)
    return _FakeFile(name, width, height)


def test_picture_offers_webp_and_jpeg_with_dimensions_and_lazy_loading():
    html = picture(_stored("news/a.jpg", 2000, 1000), alt="Toàn cảnh <hội nghị>", sizes="100vw")
    assert '<source type="image/webp" srcset="/media/renditions/news/a-480.webp 480w' in html
    assert "/media/renditions/news/a-1600.webp 1600w" in html
    assert 'src="/media/renditions/news/a-960.jpg"' in html
    assert 'width="2000" height="1000"' in html
    assert 'loading="lazy"' in html
    assert 'alt="Toàn cảnh &lt;hội nghị&gt;"' in html


def test_a_picture_never_shown_wide_leaves_the_wide_renditions_out():
    html = picture(
        _stored("news/card.jpg", 2000, 1000), sizes="(min-width: 40rem) 10rem, 45vw", max_width=960
    )
    assert "card-480.webp 480w, /media/renditions/news/card-960.webp 960w" in html
    assert "1600" not in html
    assert 'src="/media/renditions/news/card-960.jpg"' in html
    narrow = picture(_stored("news/narrow.jpg", 2000, 1000), max_width=300)  # narrower than any
    assert "narrow-480.jpg 480w" in narrow and "960" not in narrow


def test_lead_photo_is_not_lazy():
    html = picture(_stored("news/a.jpg", 800, 600), alt="x", lazy=False)
    assert 'loading="lazy"' not in html and 'fetchpriority="high"' in html


def test_empty_field_renders_nothing():
    assert picture(_FakeFile("", None, None)) == ""


def test_rendition_url_picks_nearest_width():
    assert rendition_url(_stored("news/a.jpg", 2000, 1000), 1600) == "/media/renditions/news/a-1600.jpg"


# --- before the background job has made the renditions (or after it failed) ------------------


def test_without_renditions_yet_the_original_is_shown_sized_and_lazy():
    html = picture(_stored("news/b.jpg", 2000, 1000, renditions=False), alt="Hội nghị", css_class="anh")
    assert html.startswith('<img src="/media/news/b.jpg"')
    assert "renditions/" not in html and "srcset" not in html
    assert 'width="2000" height="1000"' in html
    assert 'loading="lazy"' in html and 'alt="Hội nghị"' in html and 'class="anh"' in html


def test_without_renditions_yet_a_lead_photo_keeps_its_priority():
    html = picture(_stored("news/b.jpg", 800, 600, renditions=False), alt="x", lazy=False)
    assert 'src="/media/news/b.jpg"' in html and 'fetchpriority="high"' in html


def test_the_renditions_are_offered_as_soon_as_the_job_has_made_them():
    fake = _stored("news/c.jpg", 2000, 1000, renditions=False)
    assert "srcset" not in picture(fake)  # "not yet" is remembered for a while…
    from imaging.jobs import make_renditions as job

    job.enqueue(1, "news/c.jpg")  # …and forgotten by the job that writes them
    assert 'srcset="/media/renditions/news/c-480.webp 480w' in picture(fake)


def test_rendition_url_is_the_original_until_the_renditions_exist():
    assert rendition_url(_stored("news/d.jpg", 2000, 1000, renditions=False), 1600) == "/media/news/d.jpg"


class _RecordingCache:
    """The shared cache, noting every key read from it."""

    def __init__(self, real):
        self.real, self.read = real, []

    def get(self, key, default=None):
        self.read.append(key)
        return self.real.get(key, default)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_a_worker_asks_the_shared_cache_about_a_pictures_renditions_once(monkeypatch):
    """A list page shows twenty pictures: once a worker has found their renditions stored, it
    renders them again without a round trip each to the shared cache."""
    from django.core.cache import caches

    import imaging.stored

    fake = _stored("news/e.jpg", 2000, 1000)
    first = picture(fake)
    shared = _RecordingCache(imaging.stored.cache)
    monkeypatch.setattr(imaging.stored, "cache", shared)
    assert picture(fake) == first and "srcset" in first
    assert shared.read == []
    caches["fragments"].clear()  # another worker, or this one after LOCAL_SECONDS
    assert picture(fake) == first
    assert len(shared.read) == 1


class _CountingStorage:
    """The default storage, counting the addresses it is asked for."""

    def __init__(self, signed=False):
        self.querystring_auth = signed
        self.urls = 0

    def url(self, name):
        self.urls += 1
        return default_storage.url(name) + ("?signature=1" if self.querystring_auth else "")

    def size(self, name):
        return default_storage.size(name)


def test_a_worker_builds_a_pictures_addresses_once(settings):
    """A stored name never changes what it holds: the srcsets of a picture shown again (the
    same photo on the next page render) are not built again, until a setting changes them."""
    fake = _stored("news/f.jpg", 2000, 1000)
    fake.storage = _CountingStorage()
    first = picture(fake, alt="Một", sizes="100vw")
    built = fake.storage.urls
    assert built > 1
    again = picture(fake, alt="Hai", sizes="50vw", lazy=False)
    assert fake.storage.urls == built
    assert again == first.replace('alt="Một"', 'alt="Hai"').replace("100vw", "50vw").replace(
        ' loading="lazy" decoding="async"', ' fetchpriority="high"'
    )
    settings.MEDIA_URL = "/anh/"
    moved = picture(fake, alt="Một", sizes="100vw")
    assert "/anh/renditions/news/f-480.webp 480w" in moved and "/media/" not in moved


def test_signed_addresses_are_built_for_every_render():
    fake = _stored("news/g.jpg", 2000, 1000)
    fake.storage = _CountingStorage(signed=True)
    picture(fake)
    built = fake.storage.urls
    picture(fake)
    assert fake.storage.urls == 2 * built
