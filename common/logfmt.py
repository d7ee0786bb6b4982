"""logfmt: one log record per line as `key=value` pairs, safe to grep and to parse.

Every value goes through `escape_value`, the one escaper of the project: backslashes first,
then control characters (including the Unicode line and paragraph separators) as `\\xNN`, then
double quotes; a value holding a space, `=` or a quote (or nothing) is quoted. So no value,
whoever wrote it, can end its field early and forge another (`msg="x\\" event=lockout"` stays
one `msg`) or start a second line.
"""

import logging
import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape_value(value: object, limit: int | None = None) -> str:
    """One logfmt value, cut to `limit` characters first when a limit is given; None is `-`."""
    text = "-" if value is None else str(value)
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    text = text.replace("\\", "\\\\")
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    text = text.replace('"', '\\"')
    if not text or any(ch in text for ch in ' ="'):
        return f'"{text}"'
    return text


def format_fields(fields: dict, limit: int | None = None) -> str:
    """`key=value key=value`, each value escaped (and cut to `limit`)."""
    return " ".join(f"{key}={escape_value(value, limit)}" for key, value in fields.items())


class LogfmtFormatter(logging.Formatter):
    """time, level, logger and message, then the status and the exception on the same line."""

    def head(self, record: logging.LogRecord) -> dict:
        return {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }

    def format(self, record: logging.LogRecord) -> str:
        fields = {**self.head(record), "msg": record.getMessage()}
        status = getattr(record, "status_code", None)
        if status:
            fields["status"] = status
        if record.exc_info:
            fields["exc"] = self.formatException(record.exc_info)
        return format_fields(fields)
