"""Vietnamese dates, machine-readable local dates and safe JSON-LD for news templates."""

import datetime
import json

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from common.dates import iso_local as _iso_local
from common.vietnamese import date_with_weekday

register = template.Library()

# What could end a <script> block or open a comment inside it, written as JSON escapes instead.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def vi_datetime(value) -> str:
    """ "Thứ Sáu, 12/03/2021 08:30" in the site's time zone."""
    if not value:
        return ""
    value = _local(value)
    text = date_with_weekday(value)
    if isinstance(value, datetime.datetime):
        text += f" {value:%H:%M}"
    return text


@register.filter
def vi_date(value) -> str:
    """ "12/03/2021" in the site's time zone."""
    if not value:
        return ""
    return f"{_local(value):%d/%m/%Y}"


@register.filter
def iso_local(value) -> str:
    """ "2021-03-12T08:30:00+07:00": a date for machines (datetime=, meta tags), in local time."""
    return _iso_local(value, timezone.get_current_timezone())


def json_for_script(data) -> str:
    """JSON that cannot close its <script> element: <, > and & become \\u escapes."""
    return json.dumps(data, ensure_ascii=False, cls=_Encoder).translate(_SCRIPT_ESCAPES)


class _Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.date):
            return iso_local(o)
        return super().default(o)


@register.filter
def ld_json(data) -> str:
    """Content for <script type="application/ld+json">, safe against "</script>" in any value."""
    return mark_safe(json_for_script(data))  # noqa: S308 — every "<" is escaped above
