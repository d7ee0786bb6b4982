from django import template

register = template.Library()


@register.inclusion_tag("documents/latest_documents.html")
def latest_documents(limit: int = 5) -> dict:
    """Placeholder until the documents app lands."""
    return {"documents": []}
