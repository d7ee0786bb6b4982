"""The photo pipeline: validate by content, strip metadata, auto-orient, downscale, renditions.

Every photo (article lead, gallery, person, editor upload) passes here once, in two steps.

- At upload, in the request (`process_upload`): the file is checked by content and stored
  under a generated name with no metadata a reader could mine (GPS, camera, XMP, ICC,
  comments). A JPEG keeps its own compressed pixels: its metadata blocks are cut out without
  decoding it again, and only its orientation tag stays, so that browsers show it upright.
  Other formats are decoded and re-encoded at once.
- In the renditions job (`make_renditions`, a background job): an original that still has an
  orientation tag or is longer than IMAGE_MAX_EDGE is finished first (turned upright, scaled
  down, written again under the same name), then the renditions are made from it.

The sizes a page reads (the width and height columns) are those of the finished original from
the start, so a page shown before the job has run sizes the picture right. Page views only read
stored files; nothing is resized on a page view.
"""

import contextlib
import io
import logging
import posixpath
import re
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

from common.vietnamese import number as vn_number
from ops.uploads import record_written, removed_if_partial, replace_stored

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
    if fmt == "MPO":
        # A JPEG followed by more pictures (a phone's depth map, a second exposure), as many
        # phones save their photos: the first picture is the photo, kept as a JPEG; the rest is
        # dropped with the metadata.
        fmt = "JPEG"
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


def _load(f, *, eighth: bool = False) -> Image.Image:
    """The upload decoded (a JPEG at an eighth of its size with `eighth`), or a Vietnamese
    ValidationError for a truncated or corrupt file (LOAD_TRUNCATED_IMAGES stays False)."""
    f.seek(0)
    try:
        im = Image.open(f)
        if eighth:
            im.draft(im.mode, (max(1, im.width // 8), max(1, im.height // 8)))
        im.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(TRUNCATED, code="truncated") from None
    finally:
        f.seek(0)
    return im


TRUNCATED = "Ảnh bị hỏng hoặc không đầy đủ; hãy kiểm tra và tải lên lại."
# JPEGs in these modes keep their compressed pixels at upload (browsers show them as they are);
# others (CMYK, YCCK) are re-encoded as RGB at once.
_KEPT_JPEG_MODES = ("RGB", "L")
ORIENTATION = 0x0112  # the EXIF tag
_TRANSPOSED = {5, 6, 7, 8}  # orientations that swap width and height


def check_pixels(f) -> Image.Image:
    """Decode an upload whole, so that a truncated or corrupt file is refused now, in Vietnamese,
    rather than by the renditions job later. A JPEG whose pixels are kept is decoded at an
    eighth of its size: every compressed byte is still read (a file cut short fails the same
    way) for a fifth of the time of a full decode. The image returned is the full-size picture
    only for the formats re-encoded at upload (`process_upload` reuses it)."""
    f.seek(0)
    with Image.open(f) as header:
        kept = header.format in ("JPEG", "MPO") and header.mode in _KEPT_JPEG_MODES
    return _load(f, eighth=kept)


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


def finished_size(width: int, height: int, orientation: int | None = None) -> tuple[int, int]:
    """(width, height) of an original once finished: turned upright by its orientation tag,
    then scaled down to IMAGE_MAX_EDGE on its long side (never up)."""
    if orientation in _TRANSPOSED:
        width, height = height, width
    edge = settings.IMAGE_MAX_EDGE
    if max(width, height) <= edge:
        return width, height
    if width >= height:
        return edge, max(1, round(height * edge / width))
    return max(1, round(width * edge / height)), edge


def _orientation(im: Image.Image) -> int | None:
    value = im.getexif().get(ORIENTATION)
    return value if value in range(2, 9) else None


def process_upload(f) -> ContentFile:
    """A copy of an uploaded photo with no metadata but its orientation, under a generated name,
    or a Vietnamese ValidationError. Its `image_size` is the finished original's (see
    `finished_size`): what the width and height columns hold from the start.

    A JPEG in RGB or greyscale keeps its compressed pixels (`strip_jpeg`): no decode and
    re-encode in the request, which for a 12-megapixel photo costs about a quarter of a second.
    Other images are turned upright, scaled down and re-encoded now, with no metadata at all.
    """
    fmt, width, height = inspect(f)
    if fmt == "JPEG":
        f.seek(0)
        with Image.open(f) as header:
            mode, orientation = header.mode, _orientation(header)
        if mode in _KEPT_JPEG_MODES:
            if not getattr(f, "pipeline_checked", False):
                check_pixels(f)
            f.seek(0)
            data = strip_jpeg(f.read(), orientation)
            content = ContentFile(data, name=f"{uuid.uuid4().hex}.jpg")
            content.image_size = finished_size(width, height, orientation)
            return content
    im = getattr(f, "pipeline_pixels", None)  # decoded whole by the form field already
    if not (isinstance(im, Image.Image) and im.format == fmt and im.size == (width, height)):
        im = _load(f)
    im = _finished(im)
    data = _encode(im, fmt)
    content = ContentFile(data, name=f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[fmt]}")
    content.image_size = im.size
    return content


def _finished(im: Image.Image) -> Image.Image:
    """The picture upright (its orientation tag applied) and no longer than IMAGE_MAX_EDGE."""
    size = finished_size(*im.size, _orientation(im))
    im = ImageOps.exif_transpose(im)
    if im.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        im = im.convert("RGBA" if "A" in im.getbands() else "RGB")
    if im.size != size:
        im = im.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return im


# The JPEG blocks kept when a JPEG is stripped without decoding: the picture itself (frame,
# tables, scans, restart interval) and the two blocks that say how to read its colours (JFIF,
# Adobe's colour transform). Every other APPn block (EXIF with GPS, camera and thumbnail, XMP,
# ICC, IPTC, maker data), every comment, and whatever follows the end of the image (a second
# picture, a depth map) is dropped.
_EOI, _SOS, _COM = 0xD9, 0xDA, 0xFE
_KEPT_APP = {0xE0: b"JFIF\x00", 0xEE: b"Adobe"}
# The end of a scan's compressed data: a marker byte not followed by a stuffed zero, a restart
# marker or another fill byte.
_SCAN_END = re.compile(rb"\xff(?=[^\x00\xd0-\xd7\xff])")


def strip_jpeg(data: bytes, orientation: int | None = None) -> bytes:
    """`data`, a whole JPEG, without its metadata; with `orientation` (2–8), a minimal EXIF block
    holding that tag alone. A file whose block structure is broken is refused (ValidationError)."""
    if data[:2] != b"\xff\xd8":
        raise ValidationError(TRUNCATED, code="truncated")
    out = [data[:2]]
    if orientation:
        exif = Image.Exif()
        exif[ORIENTATION] = orientation
        block = exif.tobytes()
        out.append(b"\xff\xe1" + (len(block) + 2).to_bytes(2, "big") + block)
    i, end = 2, len(data)
    while i + 1 < end:
        if data[i] != 0xFF:
            break
        if data[i + 1] == 0xFF:  # fill byte before a marker
            i += 1
            continue
        marker = data[i + 1]
        if marker == _EOI:
            out.append(b"\xff\xd9")
            return b"".join(out)
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            out.append(data[i : i + 2])
            i += 2
            continue
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        block_end = i + 2 + length
        if length < 2 or block_end > end:
            break
        body = data[i + 4 : block_end]
        if marker in _KEPT_APP:
            keep = body.startswith(_KEPT_APP[marker])
        else:
            keep = not (0xE0 <= marker <= 0xEF or marker == _COM)
        if keep:
            out.append(data[i:block_end])
        i = block_end
        if marker == _SOS:
            scan_end = _SCAN_END.search(data, i)
            if scan_end is None:
                break
            out.append(data[i : scan_end.start()])
            i = scan_end.start()
    raise ValidationError(TRUNCATED, code="truncated")


def finish_original(name: str, storage=None) -> Image.Image | None:
    """Finish a stored original kept as uploaded (see `process_upload`): turned upright, scaled
    down to IMAGE_MAX_EDGE, re-encoded with no metadata at all, and written again under its own
    name. The finished picture, or None when it was finished already (nothing written). What
    pages remembered of the file (imaging.stored) is for the caller to forget."""
    storage = storage or default_storage
    with storage.open(name, "rb") as fh:
        im = Image.open(fh)
        fmt = im.format
        if not im.getexif() and max(im.size) <= settings.IMAGE_MAX_EDGE:
            return None
        im.load()
    im = _finished(im)
    replace_stored(storage, name, _encode(im, fmt))
    return im


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
    """Finish a stored original if it is not yet (`finish_original`), then write its missing
    renditions (WebP and JPEG at each width)."""
    storage = storage or default_storage
    im = finish_original(name, storage)
    if im is None:
        with storage.open(name, "rb") as fh:
            im = Image.open(fh)
            im.load()
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
