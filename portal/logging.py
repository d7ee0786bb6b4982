"""One line per log record, key=value pairs, safe to parse and to grep."""

import logging
import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _escape(value: object) -> str:
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))
    text = text.replace('"', '\\"')
    return f'"{text}"' if (" " in text or "=" in text or not text) else text


class LogfmtFormatter(logging.Formatter):
    """logfmt: level, logger and message, then the exception on the same line, escaped."""

    def format(self, record: logging.LogRecord) -> str:
        parts = [
            f"time={self.formatTime(record, '%Y-%m-%dT%H:%M:%S%z')}",
            f"level={record.levelname.lower()}",
            f"logger={_escape(record.name)}",
            f"msg={_escape(record.getMessage())}",
        ]
        status = getattr(record, "status_code", None)
        if status:
            parts.append(f"status={status}")
        if record.exc_info:
            parts.append(f"exc={_escape(self.formatException(record.exc_info))}")
        return " ".join(parts)
