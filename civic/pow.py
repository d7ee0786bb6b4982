"""ALTCHA proof of work, issued and checked here; solved by the ALTCHA widget in the browser.

Challenges are made with the ``altcha`` package (altcha-lib-py, protocol v2, "SHA-256"):
the server picks a random counter below CIVIC_POW_MAX_NUMBER, keeps nothing, and signs the
challenge with a key derived from SECRET_KEY; the browser must find that counter (about
CIVIC_POW_MAX_NUMBER / 2 hashes on average, a second or two on a phone). A challenge expires
with the form (CIVIC_FORM_MAX_AGE_SECONDS) and a solved one is accepted once: its nonce is
added to the state cache, and a second use is refused.
"""

import json
import secrets
import time

import altcha
from django.conf import settings
from django.core.cache import caches
from django.utils.crypto import salted_hmac

ALGORITHM = "SHA-256"
USED_KEY_PREFIX = "civic:pow-used:"


def _secret() -> str:
    return salted_hmac("civic.pow", "altcha-hmac").hexdigest()


def _max_number() -> int:
    return max(2, int(getattr(settings, "CIVIC_POW_MAX_NUMBER", 50_000)))


def _lifetime() -> int:
    return int(getattr(settings, "CIVIC_FORM_MAX_AGE_SECONDS", 6 * 3600))


def new_challenge() -> str:
    """A signed challenge as the JSON the widget's ``challenge`` attribute takes."""
    maximum = _max_number()
    challenge = altcha.create_challenge(
        ALGORITHM,
        1,
        counter=maximum // 2 + secrets.randbelow(maximum - maximum // 2),
        expires_at=int(time.time()) + _lifetime(),
        hmac_secret=_secret(),
    )
    return json.dumps(challenge.to_dict(), separators=(",", ":"))


def verify(payload: str) -> bool:
    """True for a correct solution of a challenge we signed, not expired, not used before."""
    try:
        result = altcha.verify_solution(payload, _secret())
    except Exception:  # malformed input of any kind is simply not a solution
        return False
    if not result.verified:
        return False
    try:
        nonce = altcha.Payload.from_base64(payload).challenge.parameters.nonce
    except Exception:
        return False
    state = caches[getattr(settings, "STATE_CACHE", "default")]
    return bool(state.add(USED_KEY_PREFIX + str(nonce), 1, _lifetime()))


def solve(challenge_json: str) -> str:
    """The payload the widget would post for `challenge_json` (for tests and scripted checks)."""
    challenge = altcha.Challenge.from_dict(json.loads(challenge_json))
    solution = altcha.solve_challenge(challenge)
    return altcha.Payload(challenge, solution).to_base64()
