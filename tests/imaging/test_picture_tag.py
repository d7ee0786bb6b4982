"""The <picture> markup: both formats, sizes for no layout shift, lazy unless asked otherwise."""

from types import SimpleNamespace

from django.core.files.storage import default_storage

from imaging.templatetags.imaging import picture, rendition_url


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


def test_picture_offers_webp_and_jpeg_with_dimensions_and_lazy_loading():
    html = picture(_FakeFile("news/a.jpg", 2000, 1000), alt="Toàn cảnh <hội nghị>", sizes="100vw")
    assert '<source type="image/webp" srcset="/media/renditions/news/a-480.webp 480w' in html
    assert "/media/renditions/news/a-1600.webp 1600w" in html
    assert 'src="/media/renditions/news/a-960.jpg"' in html
    assert 'width="2000" height="1000"' in html
    assert 'loading="lazy"' in html
    assert 'alt="Toàn cảnh &lt;hội nghị&gt;"' in html


def test_lead_photo_is_not_lazy():
    html = picture(_FakeFile("news/a.jpg", 800, 600), alt="x", lazy=False)
    assert 'loading="lazy"' not in html and 'fetchpriority="high"' in html


def test_empty_field_renders_nothing():
    assert picture(_FakeFile("", None, None)) == ""


def test_rendition_url_picks_nearest_width():
    assert rendition_url(_FakeFile("news/a.jpg", 2000, 1000), 1600) == "/media/renditions/news/a-1600.jpg"
