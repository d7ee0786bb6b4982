"""The public holidays shipped with the portal (Bộ luật Lao động 2019, Điều 112), as rows the
platform administrator keeps up to date in the admin ("Ngày nghỉ lễ").

Fixed dates: Tết Dương lịch 1/1, Ngày Chiến thắng 30/4, Quốc tế Lao động 1/5, Quốc khánh 2/9
and one day next to it. Lunar dates (Tết Nguyên đán, Giỗ Tổ Hùng Vương 10/3 âm lịch), the day
next to 2/9 and days off in lieu change every year and are announced by the government: 2026
is entered as announced; for later years only the fixed dates are here, and the platform
administrator adds the rest when the year's schedule is published (docs/citizens.md).
"""

import datetime

from django.db import migrations

D = datetime.date
HOLIDAYS = [
    (D(2026, 1, 1), "Tết Dương lịch"),
    (D(2026, 2, 16), "Tết Nguyên đán Bính Ngọ (28 tháng Chạp)"),
    (D(2026, 2, 17), "Tết Nguyên đán Bính Ngọ (mùng 1)"),
    (D(2026, 2, 18), "Tết Nguyên đán Bính Ngọ (mùng 2)"),
    (D(2026, 2, 19), "Tết Nguyên đán Bính Ngọ (mùng 3)"),
    (D(2026, 2, 20), "Tết Nguyên đán Bính Ngọ (mùng 4)"),
    (D(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch, Chủ nhật 26/4)"),
    (D(2026, 4, 30), "Ngày Chiến thắng"),
    (D(2026, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2026, 9, 1), "Quốc khánh (ngày liền kề)"),
    (D(2026, 9, 2), "Quốc khánh"),
    (D(2027, 1, 1), "Tết Dương lịch"),
    (D(2027, 4, 30), "Ngày Chiến thắng"),
    (D(2027, 5, 3), "Nghỉ bù Ngày Quốc tế Lao động (1/5 là thứ Bảy)"),
    (D(2027, 9, 2), "Quốc khánh"),
    (D(2027, 9, 3), "Quốc khánh (ngày liền kề)"),
]


def add(apps, schema_editor):
    Holiday = apps.get_model("notices", "Holiday")
    for day, name in HOLIDAYS:
        Holiday.objects.get_or_create(day=day, defaults={"name": name})


def remove(apps, schema_editor):
    Holiday = apps.get_model("notices", "Holiday")
    Holiday.objects.filter(day__in=[day for day, _ in HOLIDAYS]).delete()


class Migration(migrations.Migration):
    dependencies = [("notices", "0002_staff_groups")]

    operations = [migrations.RunPython(add, remove)]
