"""How the site writes dates, weekdays and numbers for a Vietnamese reader. No Django needed.

One list of weekday names for every page, filter and chart. "Thứ Hai" … "Thứ Bảy" capitalise
the ordinal; "Chủ nhật" is written with a lower-case n.
"""

import datetime

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
WEEKDAYS_SHORT = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")


def weekday_name(day: datetime.date) -> str:
    """ "Thứ Sáu" for a Friday; the week starts on Monday (Thứ Hai)."""
    return WEEKDAYS[day.weekday()]


def date_with_weekday(day: datetime.date) -> str:
    """ "Thứ Sáu, 12/03/2021": the weekday, then day/month/year."""
    return f"{weekday_name(day)}, {day:%d/%m/%Y}"


def number(value: int) -> str:
    """3782582 → "3.782.582" (dots as thousand separators, the Vietnamese way)."""
    return f"{int(value):,}".replace(",", ".")
