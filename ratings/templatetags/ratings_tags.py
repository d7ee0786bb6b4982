"""`{% rating_form object %}`: "Thông tin này có hữu ích không?" under a public page.

Any model in settings.RATING_MODELS can carry it. The form holds a CSRF token only for a
browser that already has the CSRF cookie (its pages never come from the page cache): printing
one for anyone else would set the cookie and keep the page out of the cache (ratings.views).
"""

from django import template
from django.conf import settings
from django.urls import reverse

from ..forms import RatingForm
from ..targets import allowed_labels, label_of

register = template.Library()


@register.inclusion_tag("ratings/form.html", takes_context=True)
def rating_form(context, obj) -> dict:
    label = label_of(obj)
    if obj is None or obj.pk is None or label not in allowed_labels():
        return {"show": False}
    request = context.get("request")
    return {
        "show": True,
        "form": RatingForm(auto_id="danh-gia-%s"),
        "action": reverse("ratings:rate", args=[label, obj.pk]),
        "with_token": request is not None and settings.CSRF_COOKIE_NAME in request.COOKIES,
        # The fields are the same under every page: rendered once per worker (pagecache.fragments).
        "shell_seconds": context.get("shell_seconds") or 0,
        "lang": context.get("lang", ""),
    }
