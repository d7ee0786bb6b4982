from django.urls import path

from ops import ratelimit

from . import views
from .feeds import CategoryFeed, LatestArticlesFeed

app_name = "news"

urlpatterns = [
    path("", ratelimit.lists(views.article_list), name="index"),
    path("rss/", LatestArticlesFeed(), name="feed"),
    path("quan-tri/tai-anh/", views.editor_image_upload, name="editor-image-upload"),
    path("phan-bac/", ratelimit.lists(views.rebuttal_list), name="rebuttals"),
    path("bai/<slug:slug>/", views.article_detail, name="article"),
    path("bai/<slug:slug>/luu/", ratelimit.downloads(views.article_download), name="article-download"),
    path("<slug:slug>/", ratelimit.lists(views.category_detail), name="category"),
    path("<slug:slug>/rss/", CategoryFeed(), name="category-feed"),
]
