"""Who triages citizens' reports: "Thư ký" (the committee's secretariat, who receives citizens'
mail) and "Duyệt bài" (the approvers, who decide what the site answers in public). They view and
change reports (status, assignee, notes, rebuttal link); nobody adds one by hand (only the
public form does) and none of them deletes one (the record of what was reported is kept; the
citizen's contact details are purged automatically). Editors ("Biên tập viên") get no right
here: they write the rebuttal articles, which an approver links to the report."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Thư ký", "Duyệt bài")
CODENAMES = ["view_report", "change_report"]


def grant(apps, schema_editor):
    # Permissions are created after migrate finishes; make them now so they can be granted.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="reports", codename__in=CODENAMES)
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="reports")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
