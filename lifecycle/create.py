"""Creating a committee's site in one step: its host names, its place in the network, its
identity, default menu, sections, static pages and lookups, its staff and an empty counter
(with the old portal's total carried over if there was one). One transaction: a failure
leaves nothing behind."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.core.validators import validate_domain_name
from django.db import transaction

import stats.api as stats_api
from committee.models import Role
from documents.models import DocumentType, Field, IssuingBody, Term
from network.api import working_on
from network.hostnames import normalise_host
from network.models import Committee, SiteAlias, SiteRole
from news.models import Category
from pages.models import MenuItem, Page, SiteSettings
from questions.models import Topic

from . import defaults


@dataclass
class NewCommittee:
    host: str
    full_name: str
    short_name: str
    level: str = ""
    locality: str = ""
    parent_body: str = ""
    unit_code: str = ""
    parent: Site | None = None
    aliases: list[str] = field(default_factory=list)
    carried_visits: int = 0
    carried_as_of: datetime.date | None = None
    staff: list[tuple] = field(default_factory=list)  # (user, group name)


def check_host(host: str) -> str:
    """A host name a new site may take, or a Vietnamese error naming the problem."""
    host = normalise_host(host)
    try:
        validate_domain_name(host)
    except ValidationError:
        if host not in {"localhost"} and not host.endswith(".localhost"):
            raise ValidationError(
                f"“{host}” không phải là tên miền hợp lệ (ví dụ: longhuu.vinhlong.gov.vn)."
            ) from None
    if Site.objects.filter(domain__iexact=host).exists() or SiteAlias.objects.filter(host=host).exists():
        raise ValidationError(f"Tên miền “{host}” đã thuộc một cổng khác.")
    return host


@transaction.atomic
def create_committee(spec: NewCommittee) -> Site:
    host = check_host(spec.host)
    aliases = [check_host(a) for a in spec.aliases if normalise_host(a) != host]
    site = Site.objects.create(domain=host, name=spec.short_name)
    for alias in aliases:
        SiteAlias.objects.create(site=site, host=alias)
    Committee.objects.create(
        site=site, parent=getattr(spec.parent, "committee", None), unit_code=spec.unit_code
    )
    with working_on(site):
        identity = {
            "full_name": spec.full_name,
            "short_name": spec.short_name,
            "level": spec.level,
            "locality": spec.locality,
            "parent_body": spec.parent_body,
        }
        SiteSettings.objects.create(site=site, **identity)
        MenuItem.objects.bulk_create(
            MenuItem(site=site, title=title, url=url, order=order)
            for order, (title, url) in enumerate(defaults.MENU)
        )
        for order, (slug, name, description) in enumerate(defaults.CATEGORIES, start=1):
            Category.objects.create(site=site, slug=slug, name=name, description=description, order=order)
        for spec_page in defaults.pages(identity):
            Page.objects.create(site=site, **spec_page)
        for order, (name, abbreviation) in enumerate(defaults.DOCUMENT_TYPES):
            DocumentType.objects.create(site=site, name=name, abbreviation=abbreviation, order=order)
        for order, name in enumerate(defaults.FIELDS):
            Field.objects.create(site=site, name=name, order=order)
        for name, start, end in defaults.TERMS:
            Term.objects.create(site=site, name=name, start_date=start, end_date=end)
        IssuingBody.objects.create(site=site, name=spec.short_name, abbreviation="BCĐ")
        for name, rank in defaults.ROLES:
            Role.objects.create(site=site, name=name, rank=rank)
        for order, name in enumerate(defaults.QUESTION_TOPICS):
            Topic.objects.create(site=site, name=name, order=order)
        for user, group_name in spec.staff:
            SiteRole.objects.create(site=site, user=user, group=Group.objects.get(name=group_name))
        stats_api.set_baseline(site.pk, spec.carried_visits, spec.carried_as_of)
    return site
