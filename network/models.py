"""A committee's place in the platform: its host names, its parent body, its lifecycle, its staff.

A committee *is* a site of Django's sites framework (`django.contrib.sites.Site`): the Site row's
domain is the canonical host name, `SiteAlias` rows are the other names it answers to. Its
identity shown to readers (names, logo, contacts) lives with the other public settings in
`pages.SiteSettings`; what the platform itself needs to route, aggregate and administer it
lives here.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.db import models

from .current import current_site_id
from .hostnames import normalise_host
from .scoping import SiteManager, _scoped_queryset_class


class Status(models.TextChoices):
    ACTIVE = "active", "Đang hoạt động"
    ARCHIVED = "archived", "Lưu trữ (chỉ đọc)"
    MERGED = "merged", "Đã hợp nhất"


class Committee(models.Model):
    site = models.OneToOneField(
        Site, on_delete=models.CASCADE, primary_key=True, related_name="committee", verbose_name="cổng"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="cấp trên",
        help_text="Ban Chỉ đạo cấp trên (cổng cấp tỉnh với các xã, phường).",
    )
    unit_code = models.CharField(
        "mã đơn vị hành chính",
        max_length=10,
        blank=True,
        db_index=True,
        help_text="Mã chính thức của tỉnh hoặc xã, phường, đặc khu (danh mục từ 1/7/2025).",
    )
    status = models.CharField("trạng thái", max_length=10, choices=Status, default=Status.ACTIVE)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name="hợp nhất vào",
    )
    status_changed_at = models.DateTimeField("đổi trạng thái lúc", null=True, blank=True)
    position = models.PositiveIntegerField("thứ tự trong danh bạ", default=0)

    class Meta:
        verbose_name = "Ban Chỉ đạo thành viên"
        verbose_name_plural = "Ban Chỉ đạo thành viên"
        ordering = ["position", "site__name"]

    def __str__(self) -> str:
        return self.site.name

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE

    @property
    def is_archived(self) -> bool:
        return self.status == Status.ARCHIVED

    @property
    def is_merged(self) -> bool:
        return self.status == Status.MERGED

    def clean(self):
        if self.status == Status.MERGED and self.merged_into_id is None:
            raise ValidationError(
                {"status": "Một cổng chỉ “đã hợp nhất” qua việc hợp nhất (nút “Hợp nhất vào cổng khác”)."}
            )
        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError(
                    {"parent": "Cấp trên không thể là chính Ban Chỉ đạo này hoặc cấp dưới của nó."}
                )
            seen.add(node.pk)
            node = node.parent


class SiteAlias(models.Model):
    """Another host name a site answers to (the Site's domain is the canonical one)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="aliases", verbose_name="cổng")
    host = models.CharField(
        "tên miền",
        max_length=253,
        unique=True,
        help_text="Tên miền khác dẫn tới cùng cổng, không có http:// và cổng mạng, ví dụ: "
        "bcd35.longhuu.vinhlong.gov.vn.",
    )

    class Meta:
        verbose_name = "tên miền phụ"
        verbose_name_plural = "tên miền phụ"
        ordering = ["host"]

    def __str__(self) -> str:
        return self.host

    def save(self, *args, **kwargs):
        self.host = normalise_host(self.host)
        super().save(*args, **kwargs)

    def clean(self):
        self.host = normalise_host(self.host)
        if Site.objects.filter(domain__iexact=self.host).exclude(pk=self.site_id).exists():
            raise ValidationError({"host": "Tên miền này là tên miền chính của một cổng khác."})


class SiteRole(models.Model):
    """A staff member's role on one site: the group's permissions apply on that site only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="site_roles",
        verbose_name="người dùng",
    )
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="staff_roles", verbose_name="cổng")
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="site_roles", verbose_name="vai trò"
    )

    class Meta:
        verbose_name = "vai trò trên cổng"
        verbose_name_plural = "vai trò trên cổng"
        ordering = ["site__name", "group__name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "user", "group"], name="network_siterole_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.group} – {self.site.name}"


def site_default() -> int | None:
    """New rows belong to the site being worked on (the request's, or the command's)."""
    return current_site_id()


class SiteScopedModel(models.Model):
    """A row that belongs to one committee's site. Its default manager only ever sees the rows of
    the site being worked on (`network.current.working_on`); a query outside any site's work is
    refused, so a forgotten filter cannot leak one committee's content to another."""

    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        default=site_default,
        editable=False,
        related_name="+",
        verbose_name="cổng",
    )

    class Meta:
        abstract = True

    # For a child row (a gallery photo of an article): the name of the foreign key to the parent
    # whose site it takes on every save (network.signals).
    site_parent: str | None = None

    # The site key is not a form field, and Django leaves out of a form's checks every unique
    # rule that names a field the form lacks: every per-site rule would end in a database error
    # instead of a message. The row's site is known, so the rules are checked with it.
    def _with_site(self, exclude):
        if exclude and "site" in exclude and self.site_id is not None:
            exclude = set(exclude) - {"site"}
        return exclude

    def validate_unique(self, exclude=None):
        super().validate_unique(self._with_site(exclude))

    def validate_constraints(self, exclude=None):
        super().validate_constraints(self._with_site(exclude))


def site_manager(queryset_class=models.QuerySet):
    """The default manager for a per-site model, keeping the model's own queryset methods."""
    return SiteManager.from_queryset(_scoped_queryset_class(queryset_class))()


class MovedPath(models.Model):
    """An address of a merged site whose page now lives at another path on the site it was
    merged into (its slug collided and took a suffix). Other addresses keep their path."""

    old_site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="moved_paths", verbose_name="cổng cũ"
    )
    old_path = models.CharField("đường dẫn cũ", max_length=500)
    new_path = models.CharField("đường dẫn mới", max_length=500)

    class Meta:
        verbose_name = "đường dẫn đã chuyển"
        verbose_name_plural = "đường dẫn đã chuyển"
        constraints = [
            models.UniqueConstraint(fields=["old_site", "old_path"], name="network_movedpath_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.new_path}"
