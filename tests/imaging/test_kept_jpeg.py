"""A JPEG keeps its own compressed pixels at upload: its metadata is cut out without decoding it
(quick enough for a gallery of a dozen camera photos to save in a couple of seconds), and the
renditions job finishes the original later. What a reader could mine from a photo never
reaches storage, in either step."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageChops

from imaging import pipeline
from imaging.fields import PipelineFormImageField

from .conftest import gps_exif

XMP = b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><exif:GPSLatitude>9,40.2N</exif:GPSLatitude></x:xmpmeta>"


def _photo(size=(640, 480), exif=None, progressive=False, comment=b"", icc=None) -> bytes:
    im = Image.effect_noise(size, 40).convert("RGB")
    buf = io.BytesIO()
    options = {"quality": 90, "progressive": progressive, "comment": comment}
    if exif:
        options["exif"] = exif
    if icc:
        options["icc_profile"] = icc
    im.save(buf, "JPEG", **options)
    return buf.getvalue()


def _with_block(data: bytes, marker: int, payload: bytes) -> bytes:
    """`data` with one more APPn block right after the start of image."""
    return data[:2] + bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload + data[2:]


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("IMG_0001.jpg", data, content_type="image/jpeg")


@pytest.mark.parametrize("progressive", [False, True], ids=["baseline", "progressive"])
def test_every_metadata_block_is_cut_and_the_pixels_are_the_uploaded_ones(progressive):
    data = _photo(exif=gps_exif(), progressive=progressive, comment=b"Chup tai nha rieng", icc=b"\0" * 200)
    data = _with_block(data, 0xE1, XMP)
    data += _photo((64, 48), exif=gps_exif())  # a second picture after the end (a phone's depth map)

    clean = pipeline.process_upload(_upload(data)).read()

    for leak in (b"PhoneMaker", b"GPSLatitude", b"Chup tai nha rieng", b"ICC_PROFILE", b"Exif"):
        assert leak not in clean
    assert clean.endswith(b"\xff\xd9") and len(clean) < len(data)
    original, kept = Image.open(io.BytesIO(data)), Image.open(io.BytesIO(clean))
    assert kept.size == original.size and not kept.getexif()
    assert ImageChops.difference(original.convert("RGB"), kept.convert("RGB")).getbbox() is None


def test_the_colour_blocks_a_decoder_needs_stay():
    data = _photo()
    assert data[6:11] == b"JFIF\x00"
    clean = pipeline.strip_jpeg(_with_block(data, 0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01"))
    assert b"JFIF\x00" in clean[:40] and b"Adobe\x00" in clean[:40]
    assert Image.open(io.BytesIO(clean)).size == (640, 480)


def test_a_file_cut_short_is_refused_in_vietnamese_before_anything_is_stored():
    data = _photo((1600, 1200))
    field = PipelineFormImageField()
    for cut in (data[:-2], data[: len(data) // 2]):
        with pytest.raises(ValidationError) as exc:
            field.clean(_upload(cut))
        assert "bị hỏng hoặc không đầy đủ" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        pipeline.strip_jpeg(data[: len(data) // 2])
    assert exc.value.code == "truncated"


def test_a_cmyk_jpeg_is_re_encoded_at_upload_as_rgb():
    buf = io.BytesIO()
    Image.new("CMYK", (300, 200), (0, 80, 80, 10)).save(buf, "JPEG", exif=gps_exif())
    clean = pipeline.process_upload(_upload(buf.getvalue()))
    stored = Image.open(io.BytesIO(clean.read()))
    assert stored.mode == "RGB" and not stored.getexif()


def test_a_rotated_camera_photo_is_sized_upright_from_the_save_and_finished_by_its_job(settings, tmp_path):
    settings.IMAGE_MAX_EDGE = 1000
    data = _photo((1500, 1000), exif=gps_exif(orientation=6))
    clean = pipeline.process_upload(_upload(data))
    assert clean.image_size == (667, 1000)  # upright (portrait) and within the edge

    name = default_storage.save("tests/rotated.jpg", clean)
    assert pipeline.finish_original(name).size == (667, 1000)
    assert pipeline.finish_original(name) is None  # finished once: a retried job writes nothing
    with default_storage.open(name) as fh:
        finished = Image.open(fh)
        assert finished.size == (667, 1000) and not finished.getexif()
    folder = default_storage.path(name).rsplit("/", 1)[0]
    assert not [f for f in __import__("os").listdir(folder) if f.startswith(".replacing-")]


def test_a_phone_photo_saved_as_several_pictures_is_accepted_and_kept_as_its_first_alone():
    # Many phones append a second picture (depth map, another exposure) with its own EXIF:
    # Pillow reads such a file as MPO. It is the photo; what follows it is dropped.
    photo, depth = Image.effect_noise((320, 240), 30).convert("RGB"), Image.new("RGB", (80, 60), (9, 9, 9))
    buf = io.BytesIO()
    photo.save(buf, "MPO", save_all=True, append_images=[depth], exif=gps_exif())
    assert Image.open(io.BytesIO(buf.getvalue())).format == "MPO"

    field = PipelineFormImageField()
    upload = field.clean(_upload(buf.getvalue()))
    assert upload.content_type == "image/jpeg"
    clean = pipeline.process_upload(upload)
    stored = Image.open(io.BytesIO(clean.read()))
    assert (stored.format, stored.size, getattr(stored, "n_frames", 1)) == ("JPEG", (320, 240), 1)
    assert not stored.getexif() and clean.name.endswith(".jpg")
