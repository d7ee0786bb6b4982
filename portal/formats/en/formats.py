"""The admin in English (a browser asking for English) reads dates day first too.

The dates typed are still Vietnamese dates, copied from Vietnamese documents: a secretary
whose browser is set to English must not see 05/03/2026 saved as 3 May. Long display formats
stay Django's English ones ("March 5, 2026"), which cannot be misread; the short ones, which
could, are day first like the input.
"""

from portal.formats.vi.formats import (
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
)

__all__ = ["DATE_INPUT_FORMATS", "DATETIME_INPUT_FORMATS", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT"]
