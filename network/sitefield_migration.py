"""Rewrite a freshly made migration that adds `site` keys so that an existing install upgrades:
rows already there belong to site 1 (the install's own committee), and new rows take the
model's default afterwards. Usage: python -m network.sitefield_migration app/migrations/00xx_….py
"""

import re
import sys


def rewrite(text: str) -> str:
    pattern = re.compile(
        r"migrations\.AddField\(\s*model_name='(?P<model>\w+)',\s*name='site',\s*field=(?P<field>models\.ForeignKey\((?:[^()]|\([^()]*\))*\)),\s*\),",
        re.S,
    )
    later = []

    def replace(match):
        field = match.group("field")
        first = field.replace("default=network.models.site_default", "default=1")
        later.append(
            f"        migrations.AlterField(model_name='{match.group('model')}', name='site', field={field}),"
        )
        return (
            f"migrations.AddField(model_name='{match.group('model')}', name='site', field={first}, "
            "preserve_default=False),"
        )

    text = pattern.sub(replace, text)
    if not later:
        return text
    head, sep, tail = text.rpartition("    ]\n")
    text = head + "\n".join(later) + "\n" + sep + tail
    if "('network', '0002_first_site')" not in text:  # site 1 exists before rows point to it
        text = text.replace(
            "    dependencies = [\n", "    dependencies = [\n        ('network', '0002_first_site'),\n", 1
        )
    return text


if __name__ == "__main__":
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(rewrite(text))
