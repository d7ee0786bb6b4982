"""`citizen_form_view(group)`: the decorator every view showing a citizen form wears.

    from ops.ratelimit import register_group
    QUESTIONS = register_group("questions")       # budget: settings.RATELIMIT_QUESTIONS

    @citizen_form_view(QUESTIONS)
    def ask(request): ...

It (1) counts each POST against the group's per-address budget (ops.ratelimit; past it, the
429 page; reading the form is not counted), and (2) marks every response ``no-store,
private``: the page carries a CSRF token, a signed issue time and a one-use proof-of-work
challenge, so neither the whole-page cache (pagecache refuses private/no-store responses) nor
a proxy may keep it for another visitor.
"""

from collections.abc import Callable
from functools import wraps

from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from ops.ratelimit import limited


def citizen_form_view(group: str) -> Callable:
    def decorator(view: Callable) -> Callable:
        guarded = never_cache(limited(group, methods=("POST",))(csrf_protect(view)))
        return wraps(view)(guarded)

    return decorator
