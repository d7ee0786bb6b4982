"""Who handles citizens' questions (docs/role-matrix.md):

- "Thư ký" triages: topics (add, change, delete), questions (view, change: topic, assignee,
  "Đang xử lý" / "Không tiếp nhận" with a reason).
- "Biên tập viên" drafts answers: questions (view, change: the answer and the public wording).
- "Duyệt bài" answers and publishes: questions (view, change, send the answer, publish).

A role counts on the sites it was given for (network.SiteRole). Nobody but a platform
administrator deletes a question.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Thư ký": [
        "view_topic",
        "add_topic",
        "change_topic",
        "delete_topic",
        "view_question",
        "change_question",
        "triage_question",
    ],
    "Biên tập viên": ["view_topic", "view_question", "change_question"],
    "Duyệt bài": ["view_topic", "view_question", "change_question", "answer_question", "publish_question"],
}


def grant(apps, schema_editor):
    # Permissions are created after migrate finishes; make them now so they can be granted.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="questions", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="questions"))


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
