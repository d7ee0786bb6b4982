"""Sending a rating, from a page that may have come out of the whole-page cache.

CSRF and the page cache. Article and document pages are cached whole for anonymous readers
(pagecache): a cached page cannot carry a per-browser CSRF token, and a page that printed one
would set the CSRF cookie and so never be cached. The rating form on those pages therefore
carries no token, and the rating is still never written without Django's CSRF check:

- `rate` reads the form. With a token (a browser that already holds the CSRF cookie gets the
  token printed in the form, since its pages are never served from the cache; the script
  fetches one from `token` first) the write goes through `csrf_protect` as any form's would.
  Without a token nothing is written: the answer is a confirmation page holding what the
  reader chose and typed plus a real token (it sets the cookie), and "Xác nhận gửi đánh giá"
  sends it again, checked. A forged cross-site post can get no further than that page: its
  sender cannot read the token.
- `token` gives the script a token (and the cookie), never cached.

After the write the browser is sent (303) to the thank-you page: a reload sends nothing twice.
Every request here spends the client's RATELIMIT_RATING budget.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from ops import ratelimit
from stats.api import scoped_visitor_key

from .forms import RatingForm
from .models import Rating
from .targets import label_of, public_target

TOKEN_FIELD = "csrfmiddlewaretoken"


def _target_or_404(label: str, pk: int):
    target = public_target(label, pk)
    if target is None:
        raise Http404("Không có nội dung này.")
    return target


def _has_token(request) -> bool:
    return bool(request.POST.get(TOKEN_FIELD) or request.headers.get("x-csrftoken"))


@csrf_exempt  # checked below, before any write: see the module's docstring
@require_POST
@ratelimit.rating
def rate(request, label: str, pk: int):
    target = _target_or_404(label, pk)
    form = RatingForm(request.POST, auto_id="danh-gia-%s")
    if not form.is_valid() or not _has_token(request):
        return _confirm(request, target, form)
    return _save(request, target, form)


def _confirm(request, target, form):
    """The form again, with what was typed, its errors if any, and a token."""
    get_token(request)  # the cookie the checked send needs
    context = {
        "target": target,
        "form": form,
        "action": reverse("ratings:rate", args=[label_of(target), target.pk]),
    }
    return render(request, "ratings/confirm.html", context, status=400 if form.errors else 200)


@csrf_protect
def _save(request, target, form):
    label = label_of(target)
    day, key = scoped_visitor_key(request, f"rating:{label}:{target.pk}")
    values = {"choice": form.cleaned_data["choice"], "comment": form.cleaned_data["comment"]}
    content_type = ContentType.objects.get_for_model(target)
    for _attempt in range(2):  # two first sends at once: the loser updates the winner's row
        try:
            with transaction.atomic():
                Rating.objects.update_or_create(
                    content_type=content_type, object_id=target.pk, day=day, visitor_key=key, defaults=values
                )
            break
        except IntegrityError:
            continue
    return _see_other(reverse("ratings:thanks", args=[label, target.pk]))


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


@require_GET
def thanks(request, label: str, pk: int):
    target = _target_or_404(label, pk)
    return render(request, "ratings/thanks.html", {"target": target})


@never_cache
@require_GET
@ratelimit.rating
def token(request):
    """A CSRF token for the script of the rating form (sets the CSRF cookie)."""
    return JsonResponse({"token": get_token(request)})
