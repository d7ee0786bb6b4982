"""Where a merged site's address went."""

from .models import MovedPath


def moved_path(old_site_id: int, path: str) -> str | None:
    return (
        MovedPath.objects.filter(old_site_id=old_site_id, old_path=path)
        .values_list("new_path", flat=True)
        .first()
    )
