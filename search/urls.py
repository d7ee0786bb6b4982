"""Search: one results page, rate-limited per client (ops.ratelimit)."""

from django.urls import path

from ops import ratelimit

from . import views

app_name = "search"

urlpatterns = [
    path("", ratelimit.search(views.search), name="results"),
]
