"""Vietnamese dates: day first, as every Vietnamese document and form writes them.

Django's own `vi` module sets no input formats, so without this file 05/03/2026 falls through
to the global defaults and is read month first (3 May 2026), and 31/12/2026 is refused. The
first input format is also what the admin's calendar writes and what a date box shows.

Display formats follow the public pages (dd/mm/yyyy, time after the date), so the admin shows
a date the way it is typed. Anything not set here (number separators, month names) comes from
Django's `vi` module.
"""

# strptime accepts one or two digits for %d and %m: 5/3/2026 is 5 March too.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
# Seconds first, so a value shown in a box and saved back unchanged keeps its seconds.
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]

DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
# Vietnamese calendars start the week on Monday (Thứ Hai); the admin's date picker follows.
FIRST_DAY_OF_WEEK = 1
