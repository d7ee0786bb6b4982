"""The Django side of common.links: one validator for every field that stores a link.

Model fields that hold a link are `LinkField`s, which carry the validator, so the admin, every
ModelForm and `full_clean()` refuse `javascript:`, `data:`, protocol-relative and other unsafe
links with the same Vietnamese message. Templates print stored links through the `safe_link`
filter (`{% load links %}`), which drops anything stored before the validator existed.
"""

from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible

from common.links import CHARACTERS, CONTACT_SCHEMES, link_problem

DEFAULT_SCHEMES = ("https", "http")
MESSAGE = (
    "Địa chỉ không hợp lệ: chỉ chấp nhận liên kết bắt đầu bằng http://, https:// hoặc đường dẫn "
    "trong cổng bắt đầu bằng /."
)
MESSAGE_WITH_CONTACT = (
    "Địa chỉ không hợp lệ: chỉ chấp nhận liên kết bắt đầu bằng http://, https://, mailto:, tel: "
    "hoặc đường dẫn trong cổng bắt đầu bằng /."
)
MESSAGE_CHARACTERS = (
    "Địa chỉ không hợp lệ: liên kết không được chứa khoảng trắng, dấu nháy kép, dấu \\ hoặc các "
    "ký tự < > `. Hãy dán đúng địa chỉ, không dán cả đoạn mã HTML."
)


@deconstructible
class LinkValidator:
    """Refuses every link that is not a site-relative path or an absolute URL with `schemes`."""

    def __init__(self, schemes: Collection[str] = DEFAULT_SCHEMES):
        self.schemes = frozenset(schemes)

    def __call__(self, value: str) -> None:
        problem = link_problem(value, self.schemes)
        if problem == CHARACTERS:
            raise ValidationError(MESSAGE_CHARACTERS, code="unsafe_link")
        if problem:
            message = MESSAGE_WITH_CONTACT if self.schemes & CONTACT_SCHEMES else MESSAGE
            raise ValidationError(message, code="unsafe_link")

    def __eq__(self, other) -> bool:
        return isinstance(other, LinkValidator) and self.schemes == other.schemes


class LinkField(models.CharField):
    """A stored link (menu item, related website, fanpage): validated by LinkValidator.

    Use it for every model field that holds an address a template prints into `href` or `src`.
    Unlike URLField it accepts site-relative paths and refuses with the portal's own message.
    Web pages only by default; a field meant for e-mail or phone links takes
    `schemes=("https", "http", "mailto", "tel")`.
    """

    description = "Liên kết (http, https hoặc đường dẫn trong cổng)"

    def __init__(self, *args, schemes: Collection[str] = DEFAULT_SCHEMES, **kwargs):
        self.schemes = tuple(schemes)
        kwargs.setdefault("max_length", 300)
        super().__init__(*args, **kwargs)
        self.validators.append(LinkValidator(self.schemes))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.schemes != DEFAULT_SCHEMES:
            kwargs["schemes"] = self.schemes
        if kwargs.get("max_length") == 300:
            del kwargs["max_length"]
        return name, path, args, kwargs
