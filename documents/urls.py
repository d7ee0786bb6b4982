from django.urls import path

from ops import ratelimit

from . import feeds, views

app_name = "documents"

urlpatterns = [
    path("", ratelimit.lists(views.document_list), name="document-list"),
    path("rss/", feeds.LatestDocumentsFeed(), name="feed"),
    path("tai-ve/<int:pk>/", ratelimit.downloads(views.download), name="attachment-download"),
    path(
        "tai-ve/<int:pk>/phien-ban/<int:version_pk>/",
        ratelimit.downloads(views.download_version),
        name="version-download",
    ),
    path("du-thao/", ratelimit.lists(views.consultation_list), name="consultation-list"),
    path("du-thao/<slug:slug>/", views.consultation_detail, name="consultation-detail"),
    path("<slug:slug>/", views.document_detail, name="document-detail"),
]
