"""The usual roles of a BCĐ 35, ranked; secretaries can rename, re-rank or add more in the admin.

"Thành viên" is the role of an ordinary member, called "Ủy viên" in some committees (rename it if preferred).
"""

from django.db import migrations

# A rank orders people inside one unit. The head of a team (Tổ trưởng, Tổ phó, Thư ký) ranks
# above its plain members, so "Thành viên" comes after them; the committee's own leaders first.
DEFAULT_ROLES = [
    ("Trưởng ban", 10),
    ("Phó Trưởng ban Thường trực", 20),
    ("Phó Trưởng ban", 30),
    ("Tổ trưởng", 40),
    ("Tổ phó", 50),
    ("Thư ký", 60),
    ("Thành viên", 70),
    ("Thành viên Ban Biên tập", 80),
    ("Cộng tác viên", 90),
]


def create_roles(apps, schema_editor):
    Role = apps.get_model("committee", "Role")
    for name, rank in DEFAULT_ROLES:
        Role.objects.get_or_create(name=name, defaults={"rank": rank})


class Migration(migrations.Migration):
    dependencies = [("committee", "0001_initial")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
