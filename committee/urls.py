from django.urls import path

from . import views

app_name = "committee"

urlpatterns = [
    path("", views.organisation, name="organisation"),
    path("qua-cac-thoi-ky/", views.history, name="history"),
    path("don-vi/<slug:slug>/", views.unit_detail, name="unit-detail"),
    path("thanh-vien/<slug:slug>/", views.person_detail, name="person-detail"),
]
