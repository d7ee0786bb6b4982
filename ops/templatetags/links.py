from django import template

from common import links

register = template.Library()


@register.filter
def safe_link(value: str) -> str:
    """The stored link if a browser may follow it (https, http, /path), otherwise "".

    Validators refuse unsafe links on save; this filter is the second guard, for values stored
    before the validator existed or written around it (a raw SQL update, a fixture).
    """
    return links.safe_link(value or "", links.WEB_SCHEMES)
