"""What other apps call to count views and downloads and to read "most read" lists.

The stats issue replaces these bodies with the real machinery (Redis or database, bots and
staff excluded, no database write per view in Redis mode); the signatures stay.
"""

from django.db.models import F, Model


def record_view(request, obj: Model) -> None:
    """Count one public view of `obj` (an article or a document page)."""
    type(obj).objects.filter(pk=obj.pk).update(view_count=F("view_count") + 1)


def record_download(request, obj: Model) -> None:
    """Count one download of `obj` (a document; the attachment's document)."""
    type(obj).objects.filter(pk=obj.pk).update(download_count=F("download_count") + 1)


def most_read_ids(model: type[Model], days: int = 7, limit: int = 5) -> list[int]:
    """Primary keys of the most viewed objects of `model` over the last `days` local days."""
    return []
