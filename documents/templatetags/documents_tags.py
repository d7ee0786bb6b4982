from django import template

from documents.models import Document
from documents.models import latest_documents as _latest_documents

register = template.Library()


@register.inclusion_tag("documents/latest_documents.html")
def latest_documents(limit: int = 5) -> dict:
    """The "Văn bản mới" sidebar block: newest published documents, from the cache when warm
    (no query); any document save invalidates it."""
    return {"documents": _latest_documents(limit)}


@register.inclusion_tag("documents/article_documents.html")
def article_documents(article) -> dict:
    """ "Văn bản liên quan" on a news article: the published documents linked to it (one query).
    Usage in a news template: {% load documents_tags %}{% article_documents article %}"""
    documents = Document.objects.published().for_listing().filter(related_articles=article)
    return {"documents": list(documents)}
