"""Helpers for tests of citizen forms: post data that passes the shared protections.

    from civic.testing import passing_protections
    data = {"name": "Lan", "text": "…", **passing_protections(QuestionForm)}

`passing_protections(form_class, age=10)` returns the honeypot (empty), an issue time signed
`age` seconds ago and, when CIVIC_POW_ENABLED, a solved ALTCHA challenge (tests should set
CIVIC_POW_MAX_NUMBER low, e.g. 50, to keep solving instant). Each call solves a new challenge:
a solution is accepted once.
"""

import time

from django.core import signing

from .forms import HONEYPOT_FIELD, ISSUED_FIELD, POW_FIELD, pow_enabled


def issued_token(form_class, age: float = 10, prefix: str | None = None) -> str:
    """A signed issue time `age` seconds in the past (negative: in the future) for `form_class`."""
    signer = form_class()._signer() if prefix is None else form_class(prefix=prefix)._signer()
    signer.timestamp = lambda: signing.b62_encode(int(time.time() - age))
    return signer.sign("test")


def passing_protections(form_class, age: float = 10, prefix: str | None = None) -> dict:
    from .pow import new_challenge, solve

    def name(field: str) -> str:
        return f"{prefix}-{field}" if prefix else field

    data = {name(HONEYPOT_FIELD): "", name(ISSUED_FIELD): issued_token(form_class, age, prefix)}
    if pow_enabled():
        data[name(POW_FIELD)] = solve(new_challenge())
    return data
