"""Working days for the notice rule of Nghị định 224/2026/NĐ-CP, Điều 13 khoản 1 điểm a.

A planned stop (tạm dừng hoạt động theo kế hoạch) must be announced at least
NOTICE_PLANNED_STOP_WORKING_DAYS (7) working days ahead. The rule as this module counts it:
between the local day the notice is published and the local day the stop begins there are at
least 7 whole working days; the stop may begin from 00:00 of the next day. A working day is
Monday to Friday and not a public holiday (`notices.Holiday`, a list the platform
administrator keeps: the lunar holidays fall on other dates every year).

No Django here but the settings' time zone: the functions take the holidays as a set.
"""

import datetime


def is_working_day(day: datetime.date, holidays: set[datetime.date] | frozenset) -> bool:
    """Monday to Friday, and not a public holiday."""
    return day.weekday() < 5 and day not in holidays


def nth_working_day_after(day: datetime.date, n: int, holidays) -> datetime.date:
    """The n-th working day after `day` (`day` itself never counts)."""
    found, current = 0, day
    while found < n:
        current += datetime.timedelta(days=1)
        if is_working_day(current, holidays):
            found += 1
    return current


def working_days_between(first: datetime.date, last: datetime.date, holidays) -> int:
    """Working days strictly after `first` and strictly before `last`."""
    count, current = 0, first + datetime.timedelta(days=1)
    while current < last:
        if is_working_day(current, holidays):
            count += 1
        current += datetime.timedelta(days=1)
    return count


def earliest_stop_day(published: datetime.date, working_days: int, holidays) -> datetime.date:
    """The first local day a stop may begin when its notice is published on `published`:
    the day after the `working_days`-th working day after the publication day."""
    return nth_working_day_after(published, working_days, holidays) + datetime.timedelta(days=1)
