"""The admin's note of which committee's site one is working on, and the way to one's others."""

from django import template
from django.conf import settings

from ..hosts import host_map
from ..middleware import site_url

register = template.Library()


@register.inclusion_tag("admin/network_sites.html", takes_context=True)
def working_sites(context):
    request = context.get("request")
    site = getattr(request, "site", None)
    user = getattr(request, "user", None)
    if site is None or user is None or not user.is_authenticated:
        return {}
    sites = host_map().sites
    ids = sorted(set(user.site_roles.values_list("site_id", flat=True)) - {site.pk})
    others = [
        {"name": sites[i].name, "url": site_url(request, sites[i].domain, "/" + settings.ADMIN_URL)}
        for i in ids
        if i in sites
    ]
    here = sites.get(site.pk)
    return {"here": here.name if here else site.name, "others": others}
