"""One logfmt escaper for every log line: no message can forge a field or a line."""

import logging
import re

import pytest

from common.logfmt import LogfmtFormatter, escape_value
from ops.security_log import SecurityFormatter

# How a log shipper reads a logfmt line: key=value, values in quotes may hold \" and \\.
_PAIR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|[^\s"]+)(?=\s|$)')


def parse(line: str) -> dict:
    fields = {}
    rest = line
    for match in _PAIR.finditer(line):
        fields.setdefault(match.group(1), []).append(match.group(2))
        rest = rest.replace(match.group(0), "", 1)
    assert rest.strip() == "", f"unparsed text left on the line: {rest!r}"
    return fields


def _record(msg: str, name: str = "django.request") -> logging.LogRecord:
    return logging.LogRecord(name, logging.ERROR, __file__, 1, msg, None, None)


FORGERIES = [
    'x\\" event=lockout user=admin',
    'x\\\\" event=lockout user=admin',
    "x\\ event=lockout",
    'x" event=lockout user=admin',
    "x\nevent=lockout user=admin",
    "x\u2028event=lockout",
]


@pytest.mark.parametrize("message", FORGERIES)
def test_a_crafted_message_stays_inside_its_msg_field(message):
    fields = parse(LogfmtFormatter().format(_record(message)))
    assert "event" not in fields and "user" not in fields
    assert len(fields["msg"]) == 1


@pytest.mark.parametrize("message", FORGERIES)
def test_a_crafted_username_stays_inside_its_user_field_on_the_security_log(message):
    record = _record("", name="security")
    record.security_fields = {"event": "login_failed", "user": message, "ip": "203.0.113.7"}
    fields = parse(SecurityFormatter().format(record))
    assert fields["event"] == ["login_failed"] and len(fields["user"]) == 1
    assert fields["ip"] == ["203.0.113.7"]


def test_the_escaper_round_trips_backslashes_quotes_and_control_characters():
    raw = 'C:\\tmp\\"a b"\x00\n'
    escaped = escape_value(raw)
    assert escaped == '"C:\\\\tmp\\\\\\"a b\\"\\x00\\x0a"'
    assert "\n" not in escaped


def test_application_log_lines_are_not_cut_but_security_values_are():
    long = "x" * 1000
    assert long in LogfmtFormatter().format(_record(long))
    record = _record("", name="security")
    record.security_fields = {"event": "forbidden", "detail": long}
    assert len(parse(SecurityFormatter().format(record))["detail"][0]) <= 125
