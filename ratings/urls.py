from django.urls import path

from . import views

app_name = "ratings"

urlpatterns = [
    path("ma-xac-nhan/", views.token, name="token"),
    path("<str:label>/<int:pk>/", views.rate, name="rate"),
    path("<str:label>/<int:pk>/cam-on/", views.thanks, name="thanks"),
]
