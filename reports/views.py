"""The public report page (/bao-tin-xau-doc/) and its confirmation page.

The form is a citizen form (civic): honeypot, signed issue time, proof of work, its own
rate-limit group REPORTS (setting RATELIMIT_REPORTS, only submissions counted), no-store. A
valid report is saved and the citizen is redirected (POST-redirect-GET) to a confirmation page
whose address carries the reference signed with the report's issue time: the page shows that
reference and nothing the citizen sent, so a shared or reloaded address tells no one anything
more, and an address not made here is 404.
"""

from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from civic.views import citizen_form_view
from ops.ratelimit import register_group

from .forms import ReportForm

REPORTS = register_group("reports")  # budget: settings.RATELIMIT_REPORTS

NATIONAL_CENTRE = {
    "name": "Trung tâm Xử lý tin giả Việt Nam",
    "url": "https://tingia.gov.vn/",
    "hotline": "18008108",
    "hotline_display": "1800 8108",
}
# The confirmation address stays valid this long (the citizen may reload it or note it later).
CONFIRMATION_MAX_AGE = 7 * 24 * 3600
_SALT = "reports.confirmation"


def confirmation_url(reference: str) -> str:
    """The confirmation page of `reference`: the reference signed with the time it was made."""
    return reverse("reports:sent", args=[signing.TimestampSigner(salt=_SALT).sign(reference)])


@citizen_form_view(REPORTS)
def report(request):
    form = ReportForm(request.POST or None, request.FILES or None, request=request)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        return redirect(confirmation_url(saved.reference))
    context = {
        "form": form,
        "centre": NATIONAL_CENTRE,
        # A file input cannot be filled again by the server: say so when one was chosen.
        "choose_file_again": form.is_bound and bool(request.FILES.get("screenshot")) and not form.is_valid(),
    }
    return render(request, "reports/report_form.html", context)


@never_cache
@require_GET
def sent(request, token: str):
    try:
        reference = signing.TimestampSigner(salt=_SALT).unsign(token, max_age=CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        raise Http404("Không tìm thấy trang.") from None
    response = render(
        request, "reports/report_sent.html", {"reference": reference, "centre": NATIONAL_CENTRE}
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
