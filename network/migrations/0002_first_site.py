"""An install from before the platform becomes its first site: site 1, named by the install's
own host names, with a committee row; every staff member's role (their groups) becomes that
role on site 1, where they worked until now."""

from django.db import migrations


def forwards(apps, schema_editor):
    from network.first_site import ensure_first_site

    using = schema_editor.connection.alias
    ensure_first_site(using=using, apps=apps)
    # The committee's name, as its identity gives it, is the site's name.
    SiteSettings = apps.get_model("pages", "SiteSettings")
    identity = SiteSettings.objects.using(using).order_by("pk").first()
    if identity is not None and identity.short_name:
        apps.get_model("sites", "Site").objects.using(using).filter(pk=1).update(name=identity.short_name)
    User = apps.get_model("auth", "User")
    SiteRole = apps.get_model("network", "SiteRole")
    Membership = User.groups.through
    roles = [
        SiteRole(user_id=row.user_id, site_id=1, group_id=row.group_id)
        for row in Membership.objects.using(using).all()
    ]
    SiteRole.objects.using(using).bulk_create(roles, ignore_conflicts=True)
    Membership.objects.using(using).all().delete()


def backwards(apps, schema_editor):
    using = schema_editor.connection.alias
    User = apps.get_model("auth", "User")
    SiteRole = apps.get_model("network", "SiteRole")
    Membership = User.groups.through
    Membership.objects.using(using).bulk_create(
        [
            Membership(user_id=r.user_id, group_id=r.group_id)
            for r in SiteRole.objects.using(using).filter(site_id=1)
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("pages", "0005_vietnamese_labels"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
