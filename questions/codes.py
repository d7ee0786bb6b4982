"""Tracking codes: what a citizen keeps to follow their question, and how it is looked up.

A code is 20 characters of Crockford's base32 (100 random bits from `secrets`), shown in
groups of four ("HD-7K3M-…"), typed back in any case, with or without dashes or spaces, and
with the look-alike letters O, I, L read as 0, 1, 1. Only its SHA-256 digest is stored: the
lookup is one equality on a unique indexed column, the same work for every code, right or
wrong, and a leaked database holds no usable code. 2**100 codes make guessing hopeless even
before the rate limit (RATELIMIT_QUESTION_LOOKUP).
"""

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
LENGTH = 20
PREFIX = "HD"
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    """A fresh code as shown to the citizen: "HD-XXXX-XXXX-XXXX-XXXX-XXXX"."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join([PREFIX, *(raw[i : i + 4] for i in range(0, LENGTH, 4))])


def normalise(typed: str) -> str:
    """The code's characters without prefix, dashes or spaces; "" when it cannot be a code."""
    text = "".join((typed or "").upper().split()).replace("-", "")
    if text.startswith(PREFIX) and len(text) == LENGTH + len(PREFIX):
        text = text[len(PREFIX) :]
    text = text.translate(_READ_AS)
    if len(text) != LENGTH or any(c not in ALPHABET for c in text):
        return ""
    return text


def digest(typed: str) -> str:
    """The stored form of a code (hex SHA-256 of its normalised characters); "" for non-codes."""
    text = normalise(typed)
    return hashlib.sha256(text.encode()).hexdigest() if text else ""
