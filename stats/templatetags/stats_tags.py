from django import template

register = template.Library()


@register.inclusion_tag("stats/visit_counter.html")
def visit_counter() -> dict:
    """Placeholder until the stats app lands: the widget's markup with no numbers yet."""
    return {"stats": None}
