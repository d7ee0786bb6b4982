"""Keep the index in step with every save and delete of a searchable object or its parts.

Connected in ``SearchConfig.ready()`` for the models that exist (an app that is not installed
is skipped). Indexing runs inside the saving transaction, so a rolled-back save leaves the
index as it was. Bulk ``QuerySet.update()``/``bulk_create()`` send no signals: run
``manage.py reindex_search`` after those (and after ``loaddata``, whose raw saves are skipped).
"""

from django.apps import apps
from django.db import connections
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete

from . import fulltext, indexing
from .providers import PROVIDERS, Provider, for_model

_DEPENDANTS: dict[type, list] = {}
_M2M: dict[type, Provider] = {}


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    provider = for_model(sender)
    if provider is not None:
        indexing.index_ids(provider, [instance.pk])


def _on_delete(sender, instance, **kwargs):
    provider = for_model(sender)
    if provider is not None:
        indexing.remove_ids(provider.kind, [instance.pk])


def _on_dependant_change(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for provider, dependant in _DEPENDANTS.get(sender, []):
        if dependant.update is not None:
            dependant.update(instance)
        else:
            indexing.index_ids(provider, [obj.pk for obj in dependant.targets(instance)])


def _before_dependant_delete(sender, instance, **kwargs):
    # Links (a lĩnh vực's documents) may be gone once the row is deleted: note the targets now.
    instance._search_targets = [
        (provider, [obj.pk for obj in dependant.targets(instance)])
        for provider, dependant in _DEPENDANTS.get(sender, [])
    ]


def _after_dependant_delete(sender, instance, **kwargs):
    for provider, ids in getattr(instance, "_search_targets", []):
        indexing.index_ids(provider, ids)


def _on_m2m_change(sender, instance, action, reverse, pk_set, **kwargs):
    provider = _M2M.get(sender)
    if provider is None:
        return
    if not reverse:
        if action in {"post_add", "post_remove", "post_clear"}:
            indexing.index_ids(provider, [instance.pk])
        return
    # From the other side (lĩnh vực.documents.add(...)): the indexed objects are in pk_set,
    # except for clear(), where they have to be noted before they are gone.
    if action == "pre_clear":
        accessor = sender._meta.get_field(provider.model._meta.model_name).attname
        related = sender._meta.get_field(type(instance)._meta.model_name).attname
        instance._search_cleared = list(
            sender.objects.filter(**{related: instance.pk}).values_list(accessor, flat=True)
        )
    elif action == "post_clear":
        indexing.index_ids(provider, getattr(instance, "_search_cleared", []))
    elif action in {"post_add", "post_remove"}:
        indexing.index_ids(provider, pk_set or [])


def _on_migrate(sender, using="default", **kwargs):
    if sender.name == "search":
        fulltext.ensure(connections[using])


def connect() -> None:
    _DEPENDANTS.clear()
    _M2M.clear()
    post_migrate.connect(_on_migrate, dispatch_uid="search.ensure_fulltext")
    for provider in PROVIDERS.values():
        model = provider.model
        if model is None:
            continue
        uid = f"search.{provider.kind}"
        post_save.connect(_on_save, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"{uid}.delete")
        for dependant in provider.dependants:
            try:
                related = apps.get_model(dependant.model)
            except LookupError:
                continue
            if dependant.m2m_field:
                through = getattr(model, dependant.m2m_field).through
                _M2M[through] = provider
                m2m_changed.connect(
                    _on_m2m_change, sender=through, dispatch_uid=f"{uid}.m2m.{through._meta.label}"
                )
            _DEPENDANTS.setdefault(related, []).append((provider, dependant))
            dep_uid = f"search.dep.{dependant.model}"
            post_save.connect(_on_dependant_change, sender=related, dispatch_uid=f"{dep_uid}.save")
            pre_delete.connect(_before_dependant_delete, sender=related, dispatch_uid=f"{dep_uid}.pre_delete")
            post_delete.connect(_after_dependant_delete, sender=related, dispatch_uid=f"{dep_uid}.delete")
