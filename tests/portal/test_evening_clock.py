"""`make test-evening`: the whole run happens when Vietnam is already on the next day."""

import datetime
import os

import pytest
import time_machine
from django.utils import timezone

pytestmark = pytest.mark.skipif(
    os.environ.get("PORTAL_TEST_CLOCK") != "evening", reason="only under PORTAL_TEST_CLOCK=evening"
)


def test_the_local_day_is_already_tomorrow_in_utc_terms_and_the_clock_ticks():
    now = timezone.now()
    assert now.astimezone(datetime.UTC).hour >= 17  # at least 20:30 UTC, the run may be slow
    assert timezone.localdate() == now.astimezone(datetime.UTC).date() + datetime.timedelta(days=1)
    later = timezone.now()
    assert later > now


def test_a_tests_own_time_travel_returns_to_the_evening():
    with time_machine.travel(datetime.datetime(2021, 3, 12, 8, 30, tzinfo=datetime.UTC), tick=False):
        assert timezone.localdate() == datetime.date(2021, 3, 12)
    assert timezone.now().astimezone(datetime.UTC).hour >= 17
