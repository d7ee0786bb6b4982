"""Links stored before they were validated: any that is not https/http or a /path is removed.

Menu items and related-website links lose their address and are hidden (not deleted): the
title and order stay, so an administrator sees which item to fix in the admin, and nothing
unsafe is shown meanwhile. The fanpage and tracking script addresses are optional: emptied.
"""

from django.db import migrations

from common.links import is_safe_link


def neutralise(apps, schema_editor):
    for model_name in ("MenuItem", "WebLink"):
        model = apps.get_model("pages", model_name)
        unsafe = [pk for pk, url in model.objects.values_list("pk", "url") if not is_safe_link(url)]
        model.objects.filter(pk__in=unsafe).update(url="", is_visible=False)
    SiteSettings = apps.get_model("pages", "SiteSettings")
    for site in SiteSettings.objects.all():
        changed = [
            name
            for name in ("fanpage_url", "tracking_script_url")
            if getattr(site, name) and not is_safe_link(getattr(site, name))
        ]
        if changed:
            SiteSettings.objects.filter(pk=site.pk).update(**dict.fromkeys(changed, ""))


class Migration(migrations.Migration):
    dependencies = [("pages", "0003_site_images_through_pipeline_links_validated")]
    operations = [migrations.RunPython(neutralise, migrations.RunPython.noop)]
