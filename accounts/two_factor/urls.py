from django.urls import path

from . import views

app_name = "two_factor"

urlpatterns = [
    path("", views.verify, name="verify"),
    path("cai-dat/", views.enrol, name="enrol"),
    path("ma-du-phong/", views.recovery_codes, name="recovery-codes"),
]
