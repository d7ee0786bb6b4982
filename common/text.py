"""Vietnamese text helpers shared by slugs and search. No Django needed."""

import re
import unicodedata

# Đ/đ are letters of their own, not D + a combining mark: NFKD leaves them alone.
# Ð (U+00D0, Icelandic eth) looks identical and is typed by some keyboards instead of Đ.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d", "ɖ": "d", "Ɖ": "D"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII-ish form: diacritics removed, đ→d, any normalisation form accepted."""
    text = unicodedata.normalize("NFKD", (text or "").translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(_SPECIAL).casefold()


def words(text: str) -> list[str]:
    """The folded alphanumeric words of a text ("05-KH/BCĐ" → ["05", "kh", "bcd"])."""
    return [w for w in _NON_WORD.split(fold(text)) if w]


def slugify_vi(text: str, max_length: int = 200) -> str:
    """URL slug from a Vietnamese title: "Hội nghị Ban Chỉ đạo" → "hoi-nghi-ban-chi-dao"."""
    slug = "-".join(words(text))[:max_length].strip("-")
    return slug or "bai-viet"
