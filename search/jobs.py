"""The search index rebuilt in the background after a bulk change (a merge of sites, an import,
`manage.py reindex_search --nen`): a whole site's rebuild takes minutes on a large site, far
beyond a request's time."""

from jobs.api import site_job

from .indexing import reindex
from .models import Kind


@site_job("Lập lại chỉ mục tìm kiếm của cổng")
def reindex_site(site_id: int, kinds: list[str] | None = None) -> dict[str, int]:
    """Rebuild the index entries of `site_id` (of these kinds, all by default); idempotent."""
    counts = reindex([Kind(kind) for kind in kinds] if kinds else None)
    return {str(kind): count for kind, count in counts.items()}
