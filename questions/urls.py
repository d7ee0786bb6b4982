from django.urls import path

from . import views

app_name = "questions"

urlpatterns = [
    path("", views.question_list, name="list"),
    path("<int:pk>/", views.question_detail, name="detail"),
    path("dat-cau-hoi/", views.ask, name="ask"),
    path("da-gui/", views.asked, name="asked"),
    path("tra-cuu/", views.status, name="status"),
]
