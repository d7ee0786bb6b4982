import re

from django.core.exceptions import ValidationError

_FILENAME_LIKE = re.compile(
    r"""^\s*(
        [\w\-. ()]+\.(jpe?g|png|webp|gif|bmp|tiff?|heic|avif)   # photo.jpg
      | (img|dsc|dscn|dcim|pxl|screenshot|image|photo|anh|hinh)[_\- ]?\d+   # IMG_1234, DSC0001
      | \d{6,}([_\-]\d+)*                                     # 20210312_083000
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def validate_alt_text(value: str) -> None:
    """Alt text must describe the photo, not repeat its file name."""
    if value and _FILENAME_LIKE.match(value):
        raise ValidationError(
            "Văn bản thay thế trông giống tên tệp. Hãy mô tả nội dung ảnh, ví dụ: "
            "“Đồng chí Trưởng ban phát biểu tại hội nghị”.",
            code="filename_alt",
        )
