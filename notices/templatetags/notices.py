"""`{% site_notices %}`: the banners of the site showing now (base.html, every public page)."""

from django import template

from ..active import showing

register = template.Library()


@register.inclusion_tag("notices/banners.html")
def site_notices() -> dict:
    """No query when the site's schedule is cached; one when it is not (notices.active)."""
    return {"notices": showing()}
