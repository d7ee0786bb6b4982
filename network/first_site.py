"""The platform's first site: the committee an install served before it became a platform.

Django's sites framework makes a placeholder `example.com` site after migrating an empty
database (and after a test flush). The portal turns that placeholder, or an empty sites
table, into a working first site named by the install's own host names: the first name in
DJANGO_ALLOWED_HOSTS is its canonical host, the others its aliases. A site that already has a
real domain is left as it is.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

PLACEHOLDER_DOMAIN = "example.com"


def configured_hosts() -> list[str]:
    from .models import normalise_host

    hosts = []
    for host in getattr(settings, "PORTAL_FIRST_SITE_HOSTS", None) or []:
        host = normalise_host(host.lstrip("."))
        if host and host != "*" and host not in hosts:
            hosts.append(host)
    return hosts or ["localhost"]


def _advance_ids(model, using) -> None:
    """A row inserted with its id leaves PostgreSQL's sequence behind: the next site would be
    given id 1 again."""
    from django.core.management.color import no_style
    from django.db import connections

    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), [model])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def ensure_first_site(using=DEFAULT_DB_ALIAS, apps=None, **_kwargs) -> None:
    """post_migrate receiver (and the upgrade migration's step): site 1 exists, with its hosts
    and its committee row."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    try:
        Site = apps.get_model("sites", "Site")
        SiteAlias = apps.get_model("network", "SiteAlias")
        Committee = apps.get_model("network", "Committee")
    except LookupError:
        return
    hosts = configured_hosts()
    site = Site.objects.using(using).filter(pk=1).first()
    if site is None:
        site = Site.objects.using(using).create(pk=1, domain=hosts[0], name="Ban Chỉ đạo 35")
        _advance_ids(Site, using)
    elif site.domain == PLACEHOLDER_DOMAIN:
        site.domain, site.name = hosts[0], "Ban Chỉ đạo 35"
        site.save(using=using)
    else:
        hosts = [site.domain, *hosts]
    for host in hosts[1:]:
        if (
            host != site.domain
            and not Site.objects.using(using).filter(domain__iexact=host).exists()
            and not SiteAlias.objects.using(using).filter(host=host).exists()
        ):
            SiteAlias.objects.using(using).create(site_id=site.pk, host=host)
    Committee.objects.using(using).get_or_create(site_id=site.pk)
    from .hosts import hosts_changed

    hosts_changed()
