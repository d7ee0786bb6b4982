"""Keep every process's host map in step with the site, alias and committee rows."""

from django.contrib.sites.models import Site
from django.db.models.signals import post_delete, post_save, pre_save

from .hosts import hosts_changed
from .models import Committee, SiteAlias

for model in (Site, SiteAlias, Committee):
    post_save.connect(hosts_changed, sender=model, dispatch_uid=f"network-hosts-save-{model.__name__}")
    post_delete.connect(hosts_changed, sender=model, dispatch_uid=f"network-hosts-delete-{model.__name__}")


def _site_from_parent(sender, instance, **_kwargs):
    """A child row (a gallery photo, an attachment) belongs to its parent's site."""
    parent_field = getattr(sender, "site_parent", None)
    if not parent_field:
        return
    parent = getattr(instance, parent_field, None)
    if parent is not None and parent.site_id is not None:
        instance.site_id = parent.site_id


pre_save.connect(_site_from_parent, dispatch_uid="network-site-from-parent")
