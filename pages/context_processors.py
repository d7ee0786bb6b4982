from .models import SiteSettings, navigation


def site(request) -> dict:
    """Identity, menu and links for base.html: cached values only (no query when warm)."""
    nav = navigation()
    return {"site": SiteSettings.load(), "menu": nav["menu"], "web_links": nav["web_links"]}
