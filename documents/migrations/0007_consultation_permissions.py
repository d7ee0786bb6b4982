"""The "Thư ký" group runs consultations (lấy ý kiến dự thảo): creates and publishes drafts,
moderates the comments (publishes them, marks them tiếp thu / giải trình, deletes spam) and
publishes the report. A comment is never added by staff (it comes from a citizen); a draft is
unpublished, not deleted (the public record of the consultation is kept).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Thư ký"
GRANTS = {
    "consultation": ["add", "change", "view"],
    "consultationcomment": ["change", "delete", "view"],
}


def grant(apps, schema_editor):
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
        codenames = [f"{action}_{model}" for model, actions in GRANTS.items() for action in actions]
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="documents", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0006_consultations")]

    operations = [migrations.RunPython(grant, revoke)]
