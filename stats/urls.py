from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("ve-so-lieu/", views.about, name="about"),
]
