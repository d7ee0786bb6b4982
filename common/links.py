"""Is a stored link safe to put in an `href` or `src`? One answer for validators and templates.

A link is safe when it is a site-relative path (`/van-ban/`) or an absolute URL with an allowed
scheme (`https:`, `http:`; `mailto:`/`tel:` only where a field asks for them). Everything else
is refused: `javascript:`, `vbscript:`, `data:`, protocol-relative `//evil.example`, bare words,
whole `<a href=…>` snippets.

The scheme is read the way a browser reads it: HTML entities decoded (`&#106;avascript:`),
leading control characters and spaces stripped, tabs and newlines inside removed
(`java\\tscript:`), letters compared case-insensitively. Every reading must be safe, the raw
one and the decoded one, so neither an entity nor its absence smuggles a scheme through.
"""

import html
import re
from collections.abc import Collection
from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"https", "http"})
# What link_problem() reports: not a link of an allowed kind, or characters no address contains.
SCHEME = "scheme"
CHARACTERS = "characters"
CONTACT_SCHEMES = frozenset({"mailto", "tel"})

_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# Inside a stored link these only appear when someone pasted markup or a script, not an address.
_NEVER_IN_A_LINK = re.compile(r"[\x00-\x20\x7f<>\"`\\]")
_MAX_DECODE_ROUNDS = 4  # `&amp;#106;` decodes twice; deeper nesting is refused outright


def _as_browser_reads(value: str) -> str:
    """What a URL parser starts from: C0 controls and spaces trimmed, tabs/newlines dropped."""
    return _TAB_OR_NEWLINE.sub("", value.strip(_C0_AND_SPACE))


def _readings(value: str) -> list[str] | None:
    """The raw value and each entity-decoded layer of it, as a browser would read them."""
    readings = [_as_browser_reads(value)]
    for _ in range(_MAX_DECODE_ROUNDS):
        decoded = html.unescape(value)
        if decoded == value:
            return readings
        value = decoded
        readings.append(_as_browser_reads(value))
    return None


def _reading_problem(link: str, schemes: Collection[str]) -> str | None:
    if not link:
        return SCHEME
    if link.startswith("/"):
        if link.startswith(("//", "/\\")):  # `//evil.example` and `/\evil.example` are another site
            return SCHEME
    else:
        match = _SCHEME.match(link)
        scheme = match.group(1).lower() if match else ""
        if scheme not in schemes:
            return SCHEME
        if scheme in WEB_SCHEMES:
            try:
                host = urlsplit(link).hostname
            except ValueError:  # a malformed [IPv6] host
                host = None
            if not link[match.end() :].startswith("//") or not host:
                return SCHEME
        elif len(link) == match.end():  # `mailto:` alone is not an address
            return SCHEME
    if _NEVER_IN_A_LINK.search(link):
        return CHARACTERS
    return None


def link_problem(value: str, schemes: Collection[str] = WEB_SCHEMES) -> str | None:
    """None when `value` is a site-relative path or an absolute URL with one of `schemes`;
    otherwise SCHEME (not a link of an allowed kind) or CHARACTERS (spaces or markup inside)."""
    if not isinstance(value, str):
        return SCHEME
    readings = _readings(value)
    if readings is None:
        return SCHEME
    for reading in readings:
        problem = _reading_problem(reading, schemes)
        if problem:
            return problem
    return None


def is_safe_link(value: str, schemes: Collection[str] = WEB_SCHEMES) -> bool:
    """True when `value` may be printed into an `href` or `src` as it is."""
    return link_problem(value, schemes) is None


def safe_link(value: str, schemes: Collection[str] = WEB_SCHEMES) -> str:
    """`value` if it is safe to print as a link, otherwise an empty string."""
    return value if is_safe_link(value, schemes) else ""
