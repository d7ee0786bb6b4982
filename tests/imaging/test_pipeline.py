"""The photo pipeline refuses bad uploads in Vietnamese and stores clean, sized photos."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from imaging import pipeline
from imaging.fields import PipelineFormImageField
from imaging.validators import validate_alt_text

from .conftest import gps_exif, make_jpeg


def _upload(data: bytes, name="anh.jpg", ctype="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=ctype)


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def test_gps_exif_is_gone_from_the_upload_and_only_its_orientation_stays_until_it_is_finished():
    data = make_jpeg(size=(400, 200), exif=gps_exif(orientation=6))
    assert Image.open(io.BytesIO(data)).getexif().get(0x8825) is not None
    clean = pipeline.process_upload(_upload(data))
    kept = Image.open(io.BytesIO(clean.read()))
    assert dict(kept.getexif()) == {0x0112: 6}  # no GPS, no camera: the orientation tag alone
    assert "icc_profile" not in kept.info
    assert clean.image_size == (200, 400)  # the size it will have upright

    name = default_storage.save("tests/upright.jpg", clean)
    pipeline.make_renditions(name)  # finishes the original first
    with default_storage.open(name) as fh:
        finished = Image.open(fh)
        assert not finished.getexif()  # no EXIF at all now, not even the orientation tag
        assert "exif" not in finished.info and finished.size == (200, 400)  # turned upright


def test_stored_name_is_generated_not_the_clients():
    clean = pipeline.process_upload(_upload(make_jpeg((100, 100)), name="../../etc/passwd.jpg"))
    assert "/" not in clean.name and ".." not in clean.name
    assert clean.name.endswith(".jpg") and len(clean.name) == 36


def test_non_image_is_refused_by_content_not_extension():
    with pytest.raises(ValidationError) as exc:
        pipeline.process_upload(_upload(b"<html><script>alert(1)</script></html>", name="anh.png"))
    assert "không phải là ảnh JPEG, PNG hoặc WebP" in exc.value.messages[0]


def test_gif_is_refused_with_its_format_named():
    buf = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buf, "GIF")
    with pytest.raises(ValidationError) as exc:
        pipeline.process_upload(_upload(buf.getvalue(), name="anh.jpg"))
    assert "GIF không được chấp nhận" in exc.value.messages[0]


def test_truncated_jpeg_is_refused():
    data = make_jpeg((800, 600))
    with pytest.raises(ValidationError) as exc:
        pipeline.process_upload(_upload(data[: len(data) // 2]))
    assert "bị hỏng hoặc không đầy đủ" in exc.value.messages[0]


def test_pixel_bomb_is_refused_before_decoding():
    with pytest.raises(ValidationError) as exc:
        pipeline.process_upload(_upload(_png_header_only(20000, 20000), name="bom.png", ctype="image/png"))
    assert "quá nhiều điểm ảnh" in exc.value.messages[0]


def test_oversized_file_is_refused(settings):
    settings.IMAGE_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("to.jpg", b"\xff\xd8" + b"0" * (1024 * 1024 + 10), content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        pipeline.process_upload(big)
    assert "tối đa là 1 MB" in exc.value.messages[0]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        pipeline.inspect(io.BytesIO(b""))
    assert "rỗng" in exc.value.messages[0]


def test_huge_original_is_downscaled_by_its_renditions_job_and_sized_so_from_the_upload(settings):
    settings.IMAGE_MAX_EDGE = 1000
    clean = pipeline.process_upload(_upload(make_jpeg((3000, 1500))))
    assert clean.image_size == (1000, 500)
    name = default_storage.save("tests/huge.jpg", clean)
    assert pipeline.make_renditions(name)
    with default_storage.open(name) as fh:
        assert Image.open(fh).size == (1000, 500)


def test_a_huge_png_is_downscaled_at_upload(settings):
    settings.IMAGE_MAX_EDGE = 1000
    buf = io.BytesIO()
    Image.new("RGB", (3000, 1500), (10, 120, 40)).save(buf, "PNG")
    clean = pipeline.process_upload(_upload(buf.getvalue(), name="anh.png", ctype="image/png"))
    assert Image.open(io.BytesIO(clean.read())).size == clean.image_size == (1000, 500)


def test_renditions_are_made_once_in_webp_and_jpeg(settings):
    name = default_storage.save("tests/photo.jpg", pipeline.process_upload(_upload(make_jpeg((1200, 800)))))
    written = pipeline.make_renditions(name)
    assert sorted(written) == sorted(
        pipeline.rendition_name(name, w, ext) for w in (480, 960, 1200) for ext in ("webp", "jpg")
    )
    with default_storage.open(pipeline.rendition_name(name, 480, "webp")) as fh:
        im = Image.open(fh)
        assert (im.format, im.size) == ("WEBP", (480, 320))
    assert pipeline.make_renditions(name) == []  # already there: nothing redone


def test_rendition_widths_never_upscale():
    assert pipeline.rendition_widths(300) == [300]
    assert pipeline.rendition_widths(1000) == [480, 960, 1000]
    assert pipeline.rendition_widths(2400) == [480, 960, 1600]


def test_form_field_refuses_non_image_in_vietnamese():
    field = PipelineFormImageField()
    with pytest.raises(ValidationError) as exc:
        field.clean(_upload(b"MZ\x90\x00 not an image", name="anh.jpg"))
    assert "không phải là ảnh" in exc.value.messages[0]
    assert field.clean(_upload(make_jpeg((50, 50)))).content_type == "image/jpeg"


@pytest.mark.parametrize("alt", ["IMG_1234.JPG", "DSC0001", "anh-hoi-nghi.jpg", "20210312_083000", "image1"])
def test_file_name_like_alt_text_is_refused(alt):
    with pytest.raises(ValidationError) as exc:
        validate_alt_text(alt)
    assert "giống tên tệp" in exc.value.messages[0]


@pytest.mark.parametrize("alt", ["Đồng chí Phan Văn Nhặn phát biểu tại hội nghị", "Toàn cảnh hội nghị", ""])
def test_descriptive_alt_text_is_accepted(alt):
    validate_alt_text(alt)


def test_jpeg_comment_and_png_icc_profile_are_not_copied_into_the_stored_photo():
    from PIL import ImageCms

    buf = io.BytesIO()
    Image.new("RGB", (200, 100)).save(buf, "JPEG", comment=b"<script>alert(1)</script>")
    jpeg = pipeline.process_upload(_upload(buf.getvalue())).read()
    assert b"<script" not in jpeg and "comment" not in Image.open(io.BytesIO(jpeg)).info

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buf = io.BytesIO()
    Image.new("RGB", (200, 100)).save(buf, "PNG", icc_profile=profile)
    png = pipeline.process_upload(_upload(buf.getvalue(), name="anh.png", ctype="image/png")).read()
    assert "icc_profile" not in Image.open(io.BytesIO(png)).info


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_transparent_logo_keeps_its_transparency(fmt):
    logo = Image.new("RGBA", (160, 160), (0, 0, 0, 0))
    logo.paste((200, 30, 30, 255), (40, 40, 120, 120))
    buf = io.BytesIO()
    logo.save(buf, fmt, lossless=True) if fmt == "WEBP" else logo.save(buf, fmt)
    stored = Image.open(pipeline.process_upload(_upload(buf.getvalue(), name="logo")))
    assert stored.format == fmt and stored.mode == "RGBA"
    assert stored.getpixel((5, 5))[3] == 0 and stored.getpixel((80, 80))[3] == 255


def test_palette_png_keeps_its_transparent_colour():
    logo = Image.new("P", (64, 64), 0)
    logo.paste(1, (16, 16, 48, 48))
    logo.putpalette([255, 255, 255, 200, 30, 30])
    buf = io.BytesIO()
    logo.save(buf, "PNG", transparency=0)
    stored = Image.open(pipeline.process_upload(_upload(buf.getvalue(), name="logo.png")))
    assert stored.info.get("transparency") == 0
    assert stored.convert("RGBA").getpixel((2, 2))[3] == 0
