from django.conf import settings
from django.shortcuts import render

from .models import CounterBaseline


def about(request):
    """ "Về số liệu thống kê": what the widget's numbers mean, for citizens."""
    baseline = CounterBaseline.every_site.filter(site_id=request.site.pk).first()  # the site's own
    context = {
        "baseline": baseline if baseline and baseline.visits else None,
        "online_minutes": settings.VISIT_ONLINE_WINDOW // 60,
        "inactivity_minutes": settings.VISIT_INACTIVITY // 60,
    }
    return render(request, "stats/about.html", context)
