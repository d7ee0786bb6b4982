"""The "Thư ký" group manages documents (the committee app adds its own rights to the same group).

Secretaries add, change and view documents but do not delete them: a published document is
unpublished, never erased (the public record must be kept). They may delete a wrongly
attached file and manage the lookup tables. Earlier file versions are read-only.
Editors ("Biên tập viên", "Duyệt bài") get no right here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Thư ký"
GRANTS = {
    "document": ["add", "change", "view"],
    "attachment": ["add", "change", "delete", "view"],
    "attachmentversion": ["view"],
    "documenttype": ["add", "change", "delete", "view"],
    "issuingbody": ["add", "change", "delete", "view"],
    "field": ["add", "change", "delete", "view"],
    "term": ["add", "change", "delete", "view"],
}


def grant(apps, schema_editor):
    # Permissions are created after migrate finishes; make them now so they can be granted.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [f"{action}_{model}" for model, actions in GRANTS.items() for action in actions]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="documents", codename__in=codenames)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="documents"))


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_cross_app_links"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
