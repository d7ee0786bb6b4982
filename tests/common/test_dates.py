"""Machine-readable dates: local offset, the local calendar day, whole seconds."""

import datetime
import zoneinfo

from common.dates import iso_local

VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def test_an_evening_instant_in_utc_is_written_as_the_next_local_morning():
    evening = datetime.datetime(2021, 3, 12, 20, 30, 15, 123456, tzinfo=datetime.UTC)
    assert iso_local(evening, VIETNAM) == "2021-03-13T03:30:15+07:00"


def test_a_naive_datetime_is_taken_as_local_time():
    assert iso_local(datetime.datetime(2021, 3, 12, 8, 30), VIETNAM) == "2021-03-12T08:30:00+07:00"


def test_a_calendar_day_stays_a_day_and_nothing_stays_empty():
    assert iso_local(datetime.date(2021, 3, 12), VIETNAM) == "2021-03-12"
    assert iso_local(None, VIETNAM) == ""
