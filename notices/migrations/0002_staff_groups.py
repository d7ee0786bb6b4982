"""Who manages a site's banners: "Duyệt bài" and "Thư ký" of that site (add, change, delete,
view). The holiday list is the platform administrator's: no group gets a right on it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Duyệt bài", "Thư ký")
CODENAMES = ["add_notice", "change_notice", "delete_notice", "view_notice"]


def grant(apps, schema_editor):
    # Permissions are created after migrate finishes; make them now so they can be granted.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="notices", codename__in=CODENAMES)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="notices"))


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
