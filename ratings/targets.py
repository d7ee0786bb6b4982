"""What a rating may be about: the public objects of settings.RATING_MODELS on this site.

A model joins by its label in RATING_MODELS (e.g. a Q&A answer later) and by putting
`{% rating_form object %}` (ratings_tags) on its public page. Its default manager's
`published()` decides what is public; a model without one is public whole.
"""

from django.apps import apps
from django.conf import settings
from django.db.models import Model


def allowed_labels() -> set[str]:
    return {label.lower() for label in settings.RATING_MODELS}


def label_of(obj: Model) -> str:
    return obj._meta.label_lower


def public_queryset(model: type[Model]):
    manager = model._default_manager
    published = getattr(manager, "published", None)
    return published() if callable(published) else manager.all()


def public_target(label: str, pk: int) -> Model | None:
    """The public object `label`/`pk` of the site being worked on, or None."""
    if label.lower() not in allowed_labels():
        return None
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return public_queryset(model).filter(pk=pk).first()
