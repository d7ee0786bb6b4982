from common.links import safe_link

from .models import SiteSettings, navigation


def site(request) -> dict:
    """Identity, menu and links for base.html: cached values only (no query when warm).
    `menu_current`: the page's own address when the menu links to it (marked current there),
    else empty; the cached header varies on it rather than on every address."""
    nav = navigation()
    path = request.path
    current = path if any(safe_link(url) == path for _, url in nav["menu"]) else ""
    return {
        "site": SiteSettings.load(),
        "menu": nav["menu"],
        "web_links": nav["web_links"],
        "menu_current": current,
    }
