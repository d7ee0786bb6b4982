"""A counted request turned into what the store counts: local day and hour, salted visitor key.

Used on the request path when counting is unbuffered (stats.counter) and by the flush of the
buffered path (stats.buffer), so both derive keys the same way.
"""

import datetime

from django.utils import timezone

from .backends import Hit, VisitBackend, get_backend
from .backends.base import site_or_current
from .conf import conf
from .utils import local_moment, visitor_key


def make_hit(
    ip_norm: str,
    user_agent: str,
    host: str,
    *,
    page: bool = True,
    objects: list | tuple = (),
    now: datetime.datetime | None = None,
    backend: VisitBackend | None = None,
    site_id: int | None = None,
) -> tuple[Hit, bytes]:
    """The hit one request adds to its site (the site being worked on by default), and the salt
    its visitor key was made with.

    The raw IP and user agent live only in this call: the hit holds the salted key. The key is
    made from the site, not the host name the visitor typed: a visitor is one visitor of a site
    under any of its names, and a visitor of two sites is counted once on each.
    """
    now = now or timezone.now()
    site_id = site_or_current(site_id)
    day, hour = local_moment(now, conf().time_zone)
    backend = backend or get_backend()
    salt = backend.salt(day, site_id) if page else b""
    key = visitor_key(salt, ip_norm, user_agent, f"site:{site_id}") if page else None
    return Hit(now, day, hour, key, tuple(objects), site_id), salt
