from .hosts import host_map
from .middleware import site_url


def network(request) -> dict:
    """The site's place in the network for every page: the body above it (a link up), whether it
    has member committees below (a link to their directory), whether it is archived. From the
    shared host map: no query when warm."""
    site = getattr(request, "site", None)
    if site is None:
        return {}
    sites = host_map().sites
    entry = sites.get(site.pk)
    parent = sites.get(entry.parent_id) if entry and entry.parent_id else None
    return {
        "network_parent": {"name": parent.name, "url": site_url(request, parent.domain)} if parent else None,
        "network_has_members": bool(host_map().children.get(site.pk)),
        "site_archived": bool(getattr(request, "site_archived", False)),
    }
