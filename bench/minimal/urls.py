from django.urls import path

from . import views

urlpatterns = [
    path("bare/", views.bare),
    path("plain/", views.plain),
]
