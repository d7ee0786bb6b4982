from django.urls import path

from . import feeds, views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("rss/", feeds.LatestDocumentsFeed(), name="feed"),
    path("tai-ve/<int:pk>/", views.download, name="attachment-download"),
    path("tai-ve/<int:pk>/phien-ban/<int:version_pk>/", views.download_version, name="version-download"),
    path("<slug:slug>/", views.document_detail, name="document-detail"),
]
