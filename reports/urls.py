from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report, name="report"),
    path("da-gui/<str:token>/", views.sent, name="sent"),
]
