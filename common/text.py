"""Vietnamese text helpers shared by slugs, search and file names. No Django needed."""

import re
import unicodedata
from collections.abc import Callable

# Đ/đ are letters of their own, not D + a combining mark: NFKD leaves them alone.
# Ð (U+00D0, Icelandic eth) looks identical and is typed by some keyboards instead of Đ.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d", "ɖ": "d", "Ɖ": "D"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_EMPTY_SLUG = "bai-viet"
# Room kept at the end of a slug for "-2", "-3"… when its field has a maximum length.
_SUFFIX_ROOM = 6


def strip_marks(text: str) -> str:
    """Diacritics removed and đ→d, case kept ("Đề án" → "De an"); any normalisation form accepted."""
    text = unicodedata.normalize("NFKD", (text or "").translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(_SPECIAL)


def fold(text: str) -> str:
    """Lower-case ASCII-ish form: diacritics removed, đ→d, any normalisation form accepted."""
    return strip_marks(text).casefold()


def words(text: str) -> list[str]:
    """The folded alphanumeric words of a text ("05-KH/BCĐ" → ["05", "kh", "bcd"])."""
    return [w for w in _NON_WORD.split(fold(text)) if w]


def slugify_vi(text: str, max_length: int = 200) -> str:
    """URL slug from a Vietnamese title: "Hội nghị Ban Chỉ đạo" → "hoi-nghi-ban-chi-dao"."""
    slug = "-".join(words(text))[:max_length].strip("-")
    return slug or _EMPTY_SLUG


def unique_slug(base: str, taken: Callable[[str], bool], max_length: int | None = None) -> str:
    """`base`, or `base-2`, `base-3`… — the first candidate `taken` says is free.

    With `max_length`, `base` is first cut so that the suffix still fits in the field.
    """
    if max_length is not None:
        base = base[: max_length - _SUFFIX_ROOM].strip("-") or _EMPTY_SLUG
    candidate, n = base, 1
    while taken(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate
