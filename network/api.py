"""What the other apps use of the platform: the door to it from above.

- `working_on(site)`, `all_sites()`, `current_site()`, `current_site_id()`: the site being
  worked on (network.current);
- `SiteScopedModel`, `site_manager`: a per-site model and its scoped default manager;
- `SiteScopedAdmin`, `SiteScopedAdminMixin`, `is_platform_admin`, `works_here`: the admin, per site;
- `SiteUploadTo(folder)`, `site_prefix(id)`: uploads under sites/<id>/;
- `affected_sites(ids)`: those sites and every site above them (whose pages aggregate theirs);
- `site_entry(id)`, `child_sites(id)`, `site_url(request, domain, path)`: the network's shape
  and addresses, from the shared host map (no query when warm);
- `served_site(request)`, `request_host(request)`: the site a request is served as and the
  host it names, for code that answers before the site middleware (the page cache).
"""

from .admin_scope import SiteScopedAdmin, SiteScopedAdminMixin, is_platform_admin, works_here
from .current import all_sites, current_site, current_site_id, scopes_disabled, working_on
from .hosts import host_map, site_entry
from .models import SiteScopedModel, site_manager
from .uploads import SiteUploadTo, site_prefix


def affected_sites(site_ids) -> set[int]:
    sites = host_map().sites
    result = set()
    for site_id in site_ids:
        seen = 0
        while site_id is not None and site_id not in result and seen < 10:
            result.add(site_id)
            entry = sites.get(site_id)
            site_id = entry.parent_id if entry else None
            seen += 1
    return result


def child_sites(site_id: int) -> list:
    """The active sites directly below `site_id`, in the directory's order."""
    return list(host_map().children.get(site_id, ()))


def descendant_sites(site_id: int) -> list[int]:
    """Every active site below `site_id`, at any depth (a province's communes and theirs)."""
    children, result, todo = host_map().children, [], [site_id]
    while todo:
        for entry in children.get(todo.pop(), ()):
            if entry.id not in result:
                result.append(entry.id)
                todo.append(entry.id)
    return result


def site_url(request, domain: str, path: str = "/") -> str:
    from .middleware import site_url as _site_url

    return _site_url(request, domain, path)


def served_site(request):
    """The site the request is served as (None: the site middleware answers otherwise)."""
    from .middleware import served_site as _served_site

    return _served_site(request)


def request_host(request) -> str:
    """The host name the request names, as sent."""
    from .middleware import request_host as _request_host

    return _request_host(request)


__all__ = [
    "request_host",
    "served_site",
    "SiteUploadTo",
    "site_prefix",
    "SiteScopedAdmin",
    "SiteScopedAdminMixin",
    "SiteScopedModel",
    "affected_sites",
    "all_sites",
    "child_sites",
    "current_site",
    "descendant_sites",
    "current_site_id",
    "host_map",
    "is_platform_admin",
    "scopes_disabled",
    "site_entry",
    "site_manager",
    "site_url",
    "working_on",
    "works_here",
]
