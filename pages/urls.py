from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("en/<slug:slug>/", views.english_page, name="english-page"),
    path("<slug:slug>/", views.page_detail, name="page"),
]
