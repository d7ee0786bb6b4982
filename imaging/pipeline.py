"""The photo pipeline: validate by content, auto-orient, strip metadata, downscale, renditions.

Every photo (article lead, gallery, person, editor upload) passes here once, when it is
uploaded. Page views only read the stored renditions; nothing is resized on a page view.
"""

import contextlib
import io
import logging
import posixpath
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

from common.vietnamese import number as vn_number
from ops.uploads import record_written, removed_if_partial

logger = logging.getLogger(__name__)

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
RENDITION_FORMATS = ("webp", "jpg")
# The width given where a page can name only one size (an <img> fallback, a saved page).
DEFAULT_WIDTH = 960
_SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 82, "method": 4},
}


def _max_bytes() -> int:
    return settings.IMAGE_MAX_UPLOAD_MB * 1024 * 1024


def _size_of(f) -> int | None:
    size = getattr(f, "size", None)
    if size is None and hasattr(f, "seek"):
        pos = f.tell()
        f.seek(0, io.SEEK_END)
        size = f.tell()
        f.seek(pos)
    return size


def inspect(f) -> tuple[str, int, int]:
    """(format, width, height) of an upload, or a Vietnamese ValidationError. Reads headers only."""
    size = _size_of(f)
    if size == 0:
        raise ValidationError("Tệp ảnh rỗng (0 byte).", code="empty")
    if size is not None and size > _max_bytes():
        raise ValidationError(
            "Ảnh quá lớn (%(size).1f MB); dung lượng tối đa là %(limit)d MB.",
            code="too_large",
            params={"size": size / 1024 / 1024, "limit": settings.IMAGE_MAX_UPLOAD_MB},
        )
    f.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(f) as im:
                fmt, (width, height) = im.format, im.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "Ảnh có quá nhiều điểm ảnh; hãy thu nhỏ ảnh trước khi tải lên.", code="too_many_pixels"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            "Tệp không phải là ảnh JPEG, PNG hoặc WebP hợp lệ.", code="not_an_image"
        ) from None
    finally:
        f.seek(0)
    if fmt not in ALLOWED_FORMATS:
        raise ValidationError(
            "Định dạng ảnh %(fmt)s không được chấp nhận; chỉ nhận JPEG, PNG hoặc WebP.",
            code="bad_format",
            params={"fmt": fmt or "?"},
        )
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            "Ảnh có quá nhiều điểm ảnh (%(w)d × %(h)d); tối đa %(limit)s điểm ảnh.",
            code="too_many_pixels",
            params={"w": width, "h": height, "limit": vn_number(settings.IMAGE_MAX_PIXELS)},
        )
    return fmt, width, height


def _load(f) -> Image.Image:
    f.seek(0)
    try:
        im = Image.open(f)
        im.load()  # a truncated file fails here (LOAD_TRUNCATED_IMAGES stays False)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            "Ảnh bị hỏng hoặc không đầy đủ; hãy kiểm tra và tải lên lại.", code="truncated"
        ) from None
    return im


def _encode(im: Image.Image, fmt: str) -> bytes:
    if fmt == "JPEG" and im.mode not in ("RGB", "L"):
        im = _flatten(im)
    # Pillow's encoders copy some blocks from the decoded file's info when saving (a JPEG's
    # comment, a PNG's ICC profile): only a palette's transparency, part of the picture
    # itself, may pass. With no exif=, icc_profile= or pnginfo= arguments either, the new file
    # carries no metadata at all.
    im.info = {key: im.info[key] for key in ("transparency",) if key in im.info}
    buf = io.BytesIO()
    im.save(buf, fmt, **_SAVE_OPTIONS[fmt])
    return buf.getvalue()


def _flatten(im: Image.Image) -> Image.Image:
    if im.mode in ("RGBA", "LA", "P", "PA"):
        im = im.convert("RGBA")
        background = Image.new("RGB", im.size, (255, 255, 255))
        background.paste(im, mask=im.getchannel("A"))
        return background
    return im.convert("RGB")


def process_upload(f) -> ContentFile:
    """A clean copy of an uploaded photo under a generated name, or a Vietnamese ValidationError.

    Orientation from EXIF is applied to the pixels, then every metadata block (EXIF with GPS,
    XMP, ICC, comments, text chunks) is dropped by re-encoding; originals larger than IMAGE_MAX_EDGE
    on their long side are downscaled.
    """
    fmt, _, _ = inspect(f)
    # The form field (fields.PipelineFormImageField) has decoded the upload already to find a
    # truncated file; decoding it again would cost as much once more (~0.15 s for 12 MP).
    im = getattr(f, "pipeline_pixels", None)
    if not isinstance(im, Image.Image) or im.format != fmt:
        im = _load(f)
    im = ImageOps.exif_transpose(im)
    if im.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        im = im.convert("RGBA" if "A" in im.getbands() else "RGB")
    edge = settings.IMAGE_MAX_EDGE
    if max(im.size) > edge:
        im.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    data = _encode(im, fmt)
    content = ContentFile(data, name=f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[fmt]}")
    content.image_size = im.size
    return content


def rendition_widths(original_width: int) -> list[int]:
    """Widths to offer for an original: the fixed steps below it, plus the original if smaller."""
    steps = sorted(settings.IMAGE_RENDITION_WIDTHS)
    widths = [w for w in steps if w < original_width]
    if original_width <= steps[-1]:
        widths.append(original_width)
    return widths or [original_width]


def rendition_name(name: str, width: int, ext: str) -> str:
    """Renditions sit beside a renditions/ folder of the original's top folder: a site's
    original (sites/<id>/news/…) keeps its renditions under its own prefix
    (sites/<id>/renditions/news/…), older uploads under renditions/."""
    folder, filename = posixpath.split(name)
    stem = posixpath.splitext(filename)[0]
    parts = folder.split("/")
    if len(parts) >= 2 and parts[0] == "sites":
        return posixpath.join("sites", parts[1], "renditions", *parts[2:], f"{stem}-{width}.{ext}")
    return posixpath.join("renditions", folder, f"{stem}-{width}.{ext}")


def nearest_rendition(name: str, original_width: int, width: int, ext: str = "jpg") -> str:
    """The stored rendition of the original `name` nearest to `width` px (the narrower on a tie).

    The one choice for every place that shows or sends a single size (the <img> fallback,
    og:image, feed enclosures, saved pages); nothing is resized to fit.
    """
    best = min(rendition_widths(original_width), key=lambda w: abs(w - width))
    return rendition_name(name, best, ext)


def last_rendition(name: str, original_width: int) -> str:
    """The rendition `make_renditions` writes last (the widest JPEG): once it is stored, all
    are (a failed run removes what it wrote)."""
    return rendition_name(name, rendition_widths(original_width)[-1], "jpg")


def make_renditions(name: str, storage=None) -> list[str]:
    """Write the missing renditions of a stored original (WebP and JPEG at each width)."""
    storage = storage or default_storage
    with storage.open(name, "rb") as fh:
        im = Image.open(fh)
        im.load()
    im = ImageOps.exif_transpose(im)
    written = []
    try:
        for width in rendition_widths(im.width):
            height = max(1, round(im.height * width / im.width))
            resized = im if width == im.width else im.resize((width, height), Image.Resampling.LANCZOS)
            for ext in RENDITION_FORMATS:
                target = rendition_name(name, width, ext)
                if storage.exists(target):
                    continue
                data = _encode(resized, "WEBP" if ext == "webp" else "JPEG")
                with removed_if_partial(storage, target):
                    written.append(storage.save(target, ContentFile(data)))
    except BaseException:
        # All renditions or none (disk full half-way): a page never points at a missing size.
        for target in written:
            with contextlib.suppress(OSError):
                storage.delete(target)
        raise
    for target in written:
        record_written(storage, target)
    return written
