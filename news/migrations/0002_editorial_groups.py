"""The two editorial groups of the news app, with this app's permissions only.

"Biên tập viên" write articles: add/change (their own — the admin narrows it), submit for
review, never publish. "Duyệt bài" review, publish, unpublish and pin any article.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_GROUP = "Biên tập viên"
APPROVER_GROUP = "Duyệt bài"

EDITOR_PERMISSIONS = [
    "add_article",
    "change_article",
    "view_article",
    "add_galleryphoto",
    "change_galleryphoto",
    "delete_galleryphoto",
    "view_galleryphoto",
    "view_category",
    "view_tag",
    "add_tag",
    "view_statuschange",
]
APPROVER_PERMISSIONS = EDITOR_PERMISSIONS + [
    "delete_article",
    "publish_article",
    "add_category",
    "change_category",
    "change_tag",
    "delete_tag",
    "view_articleredirect",
    "delete_articleredirect",
]


def grant(apps, schema_editor):
    # Permissions are created after migrate finishes; make them now so they can be granted.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ((EDITOR_GROUP, EDITOR_PERMISSIONS), (APPROVER_GROUP, APPROVER_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="news", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=[EDITOR_GROUP, APPROVER_GROUP]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="news"))


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
