import io

import pytest
from PIL import Image


def make_jpeg(size=(2000, 1500), exif=None, color=(180, 40, 40)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG", quality=90, **({"exif": exif} if exif else {}))
    return buf.getvalue()


def gps_exif(orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if orientation:
        exif[0x0112] = orientation
    gps = {1: "N", 2: (9.0, 40.0, 12.5), 3: "E", 4: (106.0, 34.0, 1.2)}
    exif[0x8825] = gps
    return exif.tobytes()


@pytest.fixture
def jpeg_bytes():
    return make_jpeg()
