from django import template

from civic.privacy import retention_days
from common.vietnamese import number

register = template.Library()


@register.simple_tag
def civic_retention_days(days=None) -> str:
    """The retention period in days, written the Vietnamese way ("1.095")."""
    return number(days if days not in (None, "") else retention_days())
