"""Contact details of a closed report are blanked after the retention period (civic.privacy)."""

import datetime

from django.utils import timezone

from civic.privacy import register_purger


@register_purger("reports")
def purge_report_contacts(closed_before: datetime.datetime) -> int:
    """Blank the name and contact of reports closed before `closed_before`; the report itself
    (link, screenshot, note, triage) stays. Idempotent: a blanked report is not touched again."""
    from .models import Report

    stale = Report.objects.filter(closed_at__lt=closed_before).exclude(name="", contact="")
    return stale.update(name="", contact="", contact_purged_at=timezone.now())
