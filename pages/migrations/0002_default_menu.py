from django.db import migrations

MENU = [
    ("Trang chủ", "/"),
    ("Giới thiệu", "/gioi-thieu/"),
    ("Tin tức – Sự kiện", "/tin-tuc/"),
    ("Ban Chỉ đạo", "/ban-chi-dao/"),
    ("Văn bản", "/van-ban/"),
    ("Liên hệ", "/lien-he/"),
]


def create_menu(apps, schema_editor):
    MenuItem = apps.get_model("pages", "MenuItem")
    if not MenuItem.objects.exists():
        MenuItem.objects.bulk_create(
            MenuItem(title=title, url=url, order=order) for order, (title, url) in enumerate(MENU)
        )


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]
    operations = [migrations.RunPython(create_menu, migrations.RunPython.noop)]
