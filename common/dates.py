"""Machine-readable dates: the one way the site writes a date for a program to read.

JSON-LD, OpenGraph, <time datetime> and the like all carry the site's local offset
("2021-03-12T08:30:00+07:00"), never UTC: a reader's date and the machine's date must be the same
calendar day, also between 17:00 and 24:00 UTC when Vietnam is already on the next day.
No Django needed: the caller passes the site's time zone.
"""

import datetime


def iso_local(value: datetime.date | datetime.datetime | None, tz: datetime.tzinfo) -> str:
    """ISO 8601 in `tz`, to the second (HTML's datetime attribute allows at most three decimals).

    A date stays a plain date ("2021-03-12"): it names a calendar day, not an instant. A naive
    datetime is taken as already local to `tz`. None gives "".
    """
    if value is None:
        return ""
    if not isinstance(value, datetime.datetime):
        return value.isoformat()
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(tz).isoformat(timespec="seconds")
