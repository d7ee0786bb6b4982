"""People, units, roles and dated appointments of the steering committee.

Modelled like GOV.UK's people and role appointments: a person holds a role in a unit from a
start date to an end date, by a decision. Nothing is overwritten when the committee is
reorganised (kiện toàn): the old appointments get an end date and new ones start, so the
history page can show every past composition.

Dates are half-open: an appointment runs from `start_date` (included) to `end_date`
(excluded). On the day of a kiện toàn the old appointment ends and the new one starts, and
they do not overlap.

Every committee's site has its own units, roles, members, appointments and kiện toàn
(network.SiteScopedModel): their default managers only see the rows of the site being worked
on, and an appointment, a unit's parent or a decision links only rows of the same site.

What the database itself enforces (SQLite and PostgreSQL alike):
- CheckConstraint: end_date is empty or not before start_date;
- partial UniqueConstraint: at most one open-ended (end_date empty) appointment per site,
  person, unit and role — the "two current at once" case of the overlap rule;
- CheckConstraint: a unit is not its own parent;
- UniqueConstraint: unit and member slugs and role names are unique within a site.
Overlaps between dated ranges, and nesting units deeper than one level, are checked in
clean() and in the admin formsets (with Vietnamese messages), not by the database: a
PostgreSQL ExclusionConstraint would need the btree_gist extension and has no SQLite twin.
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django_ckeditor_5.fields import CKEditor5Field

from common.html import clean_html
from common.text import fold, slugify_vi, unique_slug
from imaging.fields import PipelineImageField
from network.api import SiteScopedModel, SiteUploadTo, site_manager
from ops.routes import slug_url
from pagecache.api import ContentQuerySet

DATE_FORMAT = "%d/%m/%Y"


def _today() -> datetime.date:
    return timezone.localdate()


def _slug_taken(obj, slug: str) -> bool:
    """Slugs are unique within the row's own site (two communes may both have phan-van-nhan),
    whichever site's work, or none, the save happens in."""
    return type(obj)._base_manager.filter(site_id=obj.site_id, slug=slug).exclude(pk=obj.pk).exists()


def _same_site(obj, fields: list[str]) -> None:
    """Every related row named in `fields` belongs to `obj`'s site: a member, unit, role,
    decision or kiện toàn of another committee cannot be linked, even by a platform
    administrator who sees every site's rows in the admin."""
    errors = {}
    for name in fields:
        related = getattr(obj, name, None) if getattr(obj, f"{name}_id", None) is not None else None
        site_id = getattr(related, "site_id", None)
        if related is not None and site_id is not None and obj.site_id is not None and site_id != obj.site_id:
            errors[name] = f"“{related}” thuộc cổng của một Ban Chỉ đạo khác."
    if errors:
        raise ValidationError(errors)


class Unit(SiteScopedModel):
    """The committee itself and the bodies attached to it, nestable one level deep."""

    class Kind(models.TextChoices):
        STEERING = "ban-chi-dao", "Ban Chỉ đạo"
        STANDING = "co-quan-thuong-truc", "Cơ quan thường trực"
        SECRETARIAT = "to-giup-viec", "Tổ thư ký, Tổ giúp việc"
        FANPAGE = "ban-bien-tap", "Ban Biên tập trang Facebook"
        COLLABORATORS = "cong-tac-vien", "Nhóm cộng tác viên"
        OTHER = "khac", "Khác"

    name = models.CharField(
        "tên", max_length=200, help_text="Ví dụ: Ban Chỉ đạo, Tổ giúp việc, Ban Biên tập trang Facebook."
    )
    slug = models.SlugField(
        "đường dẫn",
        db_index=False,
        max_length=120,
        blank=True,
        help_text="Để trống để tạo tự động từ tên. Dùng làm mốc (#) trên trang Ban Chỉ đạo.",
    )
    kind = models.CharField("loại", max_length=30, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name="trực thuộc",
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
        limit_choices_to={"parent__isnull": True},
        help_text="Chỉ lồng một cấp: đơn vị cha phải là đơn vị cấp trên cùng (ví dụ Tổ giúp việc "
        "trực thuộc Ban Chỉ đạo), và một đơn vị đã có đơn vị trực thuộc thì không được trực thuộc "
        "đơn vị khác.",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0, help_text="Số nhỏ hiện trước.")
    description = CKEditor5Field(
        "giới thiệu",
        config_name="simple",
        blank=True,
        help_text="Với Ban Chỉ đạo: chức năng, nhiệm vụ (hiện đầu trang Ban Chỉ đạo). Với đơn vị "
        "khác: nhiệm vụ của đơn vị.",
    )

    objects = site_manager(ContentQuerySet)

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="committee_unit_not_own_parent",
                violation_error_message="Một đơn vị không thể trực thuộc chính nó.",
            ),
            models.UniqueConstraint(
                fields=["site", "slug"],
                name="committee_unit_unique_slug",
                violation_error_message="Đã có đơn vị với đường dẫn này trên cổng.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.description = clean_html(self.description)
        if not self.slug:
            self.slug = unique_slug(slugify_vi(self.name, 100), lambda s: _slug_taken(self, s))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("committee:unit-detail", self.slug)

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        _same_site(self, ["parent"])
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": "Một đơn vị không thể trực thuộc chính nó."})
        if self.parent.parent_id is not None:
            raise ValidationError(
                {
                    "parent": f"“{self.parent}” đã trực thuộc “{self.parent.parent}”; chỉ được lồng "
                    "một cấp, hãy chọn một đơn vị cấp trên cùng."
                }
            )
        if self.pk and self.children.exists():
            raise ValidationError(
                {"parent": "Đơn vị này đang có đơn vị trực thuộc nên không thể trực thuộc đơn vị khác."}
            )


class Role(SiteScopedModel):
    """A role inside a unit (Trưởng ban, Phó Trưởng ban, Thành viên…); rank orders the lists."""

    name = models.CharField("tên chức danh", max_length=120)
    rank = models.PositiveSmallIntegerField(
        "thứ bậc",
        default=100,
        help_text="Số nhỏ xếp trước trong mỗi đơn vị: Trưởng ban 10, Phó Trưởng ban Thường trực 20, "
        "Phó Trưởng ban 30, Tổ trưởng 40, Thành viên 70…",
    )

    objects = site_manager(ContentQuerySet)

    class Meta:
        verbose_name = "chức danh"
        verbose_name_plural = "chức danh"
        ordering = ["rank", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "name"],
                name="committee_role_unique_name",
                violation_error_message="Đã có chức danh với tên này trên cổng.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(ContentQuerySet):
    def published(self, on: datetime.date | None = None):
        """The only door to public member pages: people with an appointment that has started.

        Someone entered ahead of a decision that takes effect later stays hidden until then.
        """
        on = on or _today()
        started = Appointment.objects.filter(person=OuterRef("pk"), start_date__lte=on)
        return self.filter(Exists(started))

    def search(self, text: str):
        """Every word of `text` (diacritics ignored) in the name or main position."""
        qs = self
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs


class Person(SiteScopedModel):
    """A member. Only what the public page needs: no birth date, home address or family."""

    honorific = models.CharField(
        "danh xưng", max_length=40, blank=True, default="Đồng chí", help_text="Ví dụ: Đồng chí, Ông, Bà."
    )
    full_name = models.CharField("họ và tên", max_length=120)
    slug = models.SlugField(
        "đường dẫn",
        db_index=False,
        max_length=140,
        blank=True,
        help_text="Để trống để tạo tự động từ họ tên (ví dụ phan-van-nhan).",
    )
    photo = PipelineImageField(
        "ảnh chân dung",
        upload_to=SiteUploadTo("committee/people/"),
        width_field="photo_width",
        height_field="photo_height",
        blank=True,
        help_text="Ảnh chân dung rõ mặt, nên là ảnh đứng (3 × 4). Thông tin EXIF (vị trí, máy chụp) "
        "được xóa khi lưu.",
    )
    photo_width = models.PositiveIntegerField(null=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, editable=False)
    main_position = models.CharField(
        "chức vụ chính",
        max_length=250,
        blank=True,
        help_text="Chức vụ Đảng, chính quyền hoặc đoàn thể ngoài Ban Chỉ đạo, ví dụ: Phó Bí thư "
        "Thường trực Huyện ủy.",
    )
    biography = CKEditor5Field(
        "tiểu sử tóm tắt",
        config_name="simple",
        blank=True,
        help_text="Quá trình công tác ngắn gọn. Không ghi ngày sinh, quê quán, địa chỉ hay thông tin "
        "gia đình.",
    )
    phone = models.CharField("điện thoại công vụ", max_length=50, blank=True)
    show_phone = models.BooleanField(
        "công khai điện thoại", default=False, help_text="Chỉ hiện số điện thoại trên cổng khi bật."
    )
    email = models.EmailField("thư điện tử công vụ", blank=True)
    show_email = models.BooleanField(
        "công khai thư điện tử", default=False, help_text="Chỉ hiện thư điện tử trên cổng khi bật."
    )
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật", auto_now=True)

    objects = site_manager(PersonQuerySet)

    class Meta:
        verbose_name = "thành viên"
        verbose_name_plural = "thành viên"
        ordering = ["full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"],
                name="committee_person_unique_slug",
                violation_error_message="Đã có thành viên với đường dẫn này trên cổng.",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.biography = clean_html(self.biography)
        self.search_text = fold(f"{self.full_name} {self.main_position}")
        if not self.slug:
            self.slug = unique_slug(slugify_vi(self.full_name, 120), lambda s: _slug_taken(self, s))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("committee:person-detail", self.slug)

    def clean(self):
        super().clean()
        errors = {}
        if self.show_phone and not self.phone.strip():
            errors["phone"] = "Chưa có số điện thoại để công khai: nhập số hoặc tắt “công khai điện thoại”."
        if self.show_email and not self.email.strip():
            errors["email"] = (
                "Chưa có thư điện tử để công khai: nhập địa chỉ hoặc tắt “công khai thư điện tử”."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self) -> str:
        """ "Đồng chí Phan Văn Nhặn" """
        return f"{self.honorific} {self.full_name}".strip()

    @property
    def public_phone(self) -> str:
        return self.phone if self.show_phone else ""

    @property
    def public_email(self) -> str:
        return self.email if self.show_email else ""


class Reorganisation(SiteScopedModel):
    """One kiện toàn: on `date`, by one decision, some appointments end and new ones start."""

    date = models.DateField("ngày kiện toàn", help_text="Ngày quyết định kiện toàn có hiệu lực.")
    decision = models.ForeignKey(
        "documents.Document",
        verbose_name="quyết định (văn bản trên cổng)",
        on_delete=models.SET_NULL,
        related_name="committee_reorganisations",
        null=True,
        blank=True,
        help_text="Quyết định kiện toàn đã đăng ở mục Văn bản.",
    )
    decision_text = models.CharField(
        "quyết định (ghi bằng chữ)",
        max_length=300,
        blank=True,
        help_text="Số, ngày và cơ quan ban hành, ví dụ: Quyết định số 512-QĐ/HU ngày 14/7/2023 của "
        "Ban Thường vụ Huyện ủy. Dùng khi văn bản chưa có trên cổng.",
    )
    note = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    objects = site_manager(ContentQuerySet)

    class Meta:
        verbose_name = "đợt kiện toàn"
        verbose_name_plural = "các đợt kiện toàn"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"Kiện toàn ngày {self.date.strftime(DATE_FORMAT)}"

    def save(self, *args, **kwargs):
        _fill_decision_text(self)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        _same_site(self, ["decision"])

    def apply(self, ending: list["Appointment"], starting: list["Appointment"]) -> None:
        """Save this kiện toàn, end `ending` on its date and start `starting` from it.

        All or nothing: if any new appointment breaks a rule (an overlap, a second open
        appointment), nothing is saved and ReorganisationRejected lists the problems by the
        index of the new appointment.
        """
        try:
            self._apply(ending, starting)
        except BaseException:
            # Rolled back: don't leave primary keys of rows that no longer exist on the objects.
            self.pk = None
            for appointment in starting:
                appointment.pk = None
            raise

    def _apply(self, ending: list["Appointment"], starting: list["Appointment"]) -> None:
        with transaction.atomic():
            self.save()
            ended = Appointment.objects.select_for_update().filter(pk__in=[a.pk for a in ending])
            for appointment in ended:
                appointment.end_date = self.date
                appointment.ended_by = self
                appointment.full_clean()
                appointment.save(update_fields=["end_date", "ended_by"])
            problems: dict[int, list[str]] = {}
            for index, appointment in enumerate(starting):
                appointment.start_date = self.date
                appointment.end_date = None
                appointment.decision = self.decision
                appointment.decision_text = self.decision_text
                appointment.started_by = self
                appointment.defer_overlap_check = False
                try:
                    appointment.full_clean()
                except ValidationError as exc:
                    problems[index] = exc.messages
                    continue
                appointment.save()
            if problems:
                raise ReorganisationRejected(problems)


class ReorganisationRejected(Exception):
    """A kiện toàn was rolled back; `problems` maps new-appointment index → messages."""

    def __init__(self, problems: dict[int, list[str]]):
        super().__init__(problems)
        self.problems = problems


# Appointments in public lists: by unit, role rank and the order set by the editors.
LISTING_ORDER = ("unit__order", "unit__name", "role__rank", "role__name", "order", "person__full_name", "pk")


class AppointmentQuerySet(ContentQuerySet):
    def current(self, on: datetime.date | None = None):
        """Held on `on` (default today): started, and the end empty or in the future."""
        on = on or _today()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gt=on), start_date__lte=on)

    def ongoing(self, on: datetime.date | None = None):
        """Not ended on `on` (default today): current ones and those that start later."""
        on = on or _today()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gt=on))

    def former(self, on: datetime.date | None = None):
        """Ended on or before `on` (default today)."""
        on = on or _today()
        return self.filter(end_date__lte=on)

    def overlapping(self, start: datetime.date, end: datetime.date | None):
        """Appointments whose [start, end) range meets [start, end); an empty end is open."""
        qs = self.filter(Q(end_date__isnull=True) | Q(end_date__gt=start))
        if end is not None:
            qs = qs.filter(start_date__lt=end)
        return qs

    def for_listing(self):
        """Everything a public list shows, in one query, ordered by unit, role rank and order."""
        return self.select_related(
            "person",
            "unit",
            "unit__parent",
            "role",
            "started_by",
            "ended_by__decision__doc_type",
            "ended_by__decision__issuing_body",
            "decision__doc_type",
            "decision__issuing_body",
        ).order_by(*LISTING_ORDER)

    def for_cards(self):
        """What member cards and the organisation chart show (the member and the role), in one
        query, in `for_listing`'s order: on a page of 300 members the decisions, kiện toàn and
        units `for_listing` joins were two thirds of the objects built."""
        return (
            self.select_related("person", "role")
            .defer("person__biography", "person__search_text", "person__phone", "person__email")
            .order_by(*LISTING_ORDER)
        )


class Appointment(SiteScopedModel):
    """A person in a role of a unit, from `start_date` until `end_date` (excluded)."""

    site_parent = "person"  # an appointment belongs to its member's site

    person = models.ForeignKey(
        Person, verbose_name="thành viên", on_delete=models.CASCADE, related_name="appointments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="appointments"
    )
    role = models.ForeignKey(
        Role, verbose_name="chức danh", on_delete=models.PROTECT, related_name="appointments"
    )
    start_date = models.DateField("từ ngày", help_text="Ngày quyết định phân công có hiệu lực.")
    end_date = models.DateField(
        "đến ngày",
        null=True,
        blank=True,
        help_text="Để trống khi đang đảm nhiệm. Là ngày thôi đảm nhiệm: từ ngày này không còn giữ "
        "chức danh (khi kiện toàn, trùng với ngày bắt đầu của người thay thế).",
    )
    decision = models.ForeignKey(
        "documents.Document",
        verbose_name="quyết định (văn bản trên cổng)",
        on_delete=models.SET_NULL,
        related_name="committee_appointments",
        null=True,
        blank=True,
        help_text="Quyết định thành lập, kiện toàn hoặc phân công đã đăng ở mục Văn bản.",
    )
    decision_text = models.CharField(
        "quyết định (ghi bằng chữ)",
        max_length=300,
        blank=True,
        help_text="Số, ngày quyết định phân công, ví dụ: Quyết định số 245-QĐ/HU ngày 10/8/2020. "
        "Dùng khi văn bản chưa có trên cổng.",
    )
    duties = models.TextField(
        "nhiệm vụ được phân công",
        blank=True,
        help_text="Theo thông báo phân công nhiệm vụ thành viên; mỗi ý một dòng.",
    )
    order = models.PositiveSmallIntegerField(
        "thứ tự", default=0, help_text="Thứ tự giữa những người cùng chức danh (số nhỏ hiện trước)."
    )
    started_by = models.ForeignKey(
        Reorganisation,
        verbose_name="bắt đầu theo đợt kiện toàn",
        on_delete=models.SET_NULL,
        related_name="started_appointments",
        null=True,
        blank=True,
    )
    ended_by = models.ForeignKey(
        Reorganisation,
        verbose_name="kết thúc theo đợt kiện toàn",
        on_delete=models.SET_NULL,
        related_name="ended_appointments",
        null=True,
        blank=True,
    )

    objects = site_manager(AppointmentQuerySet)

    class Meta:
        verbose_name = "phân công"
        verbose_name_plural = "phân công"
        ordering = ["unit__order", "role__rank", "order", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="committee_appointment_end_not_before_start",
                violation_error_message="Ngày kết thúc không được trước ngày bắt đầu.",
            ),
            # The database guard for overlaps that works on SQLite and PostgreSQL alike: at most
            # one open-ended appointment per person, unit and role. Overlaps between dated
            # ranges are refused by clean() (forms, admin, kiện toàn) — see the README note.
            models.UniqueConstraint(
                fields=["site", "person", "unit", "role"],
                condition=Q(end_date__isnull=True),
                name="committee_appointment_one_open_per_person_unit_role",
                violation_error_message="Người này đang giữ chức danh này trong đơn vị này "
                "(chưa có ngày kết thúc).",
            ),
        ]
        indexes = [models.Index(fields=["site", "end_date", "start_date"], name="committee_appt_dates")]

    def __str__(self) -> str:
        return f"{self.person} — {self.role}, {self.unit}"

    def save(self, *args, **kwargs):
        self.duties = self.duties.strip()
        _fill_decision_text(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.person.get_absolute_url()

    # Forms that validate several appointments together (the inline on a person, the kiện
    # toàn formset) switch the per-row database checks off and run them on the whole set.
    defer_overlap_check = False

    def is_current(self, on: datetime.date | None = None) -> bool:
        """Held on `on` (default today), as `Appointment.objects.current(on)` selects."""
        on = on or _today()
        return self.start_date <= on and self.is_ongoing(on)

    def is_ongoing(self, on: datetime.date | None = None) -> bool:
        """Not ended on `on` (default today), as `Appointment.objects.ongoing(on)` selects."""
        on = on or _today()
        return self.end_date is None or self.end_date > on

    def overlaps(self, other: "Appointment") -> bool:
        """Same person, unit and role, and the two [start, end) ranges meet."""
        if (self.person_id, self.unit_id, self.role_id) != (other.person_id, other.unit_id, other.role_id):
            return False
        return (other.end_date is None or other.end_date > self.start_date) and (
            self.end_date is None or other.start_date < self.end_date
        )

    def clean(self):
        super().clean()
        if self.person_id is not None:
            self.site_id = self.person.site_id  # as saving does (site_parent)
        _same_site(self, ["person", "unit", "role", "decision", "started_by", "ended_by"])
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "Ngày kết thúc không được trước ngày bắt đầu."})
        if self.defer_overlap_check or not (
            self.start_date and self.person_id and self.unit_id and self.role_id
        ):
            return
        clash = (
            Appointment.objects.filter(person_id=self.person_id, unit_id=self.unit_id, role_id=self.role_id)
            .exclude(pk=self.pk)
            .overlapping(self.start_date, self.end_date)
            .order_by("start_date")
            .first()
        )
        if clash is not None:
            self._overlap_reported = True
            raise ValidationError({NON_FIELD_ERRORS: overlap_message(self, clash)})

    def validate_constraints(self, exclude=None):
        # The open-ended unique constraint is a special case of the overlap rule: when clean()
        # (or the formset) has already said so, don't say it twice.
        if getattr(self, "_overlap_reported", False) or self.defer_overlap_check:
            exclude = set(exclude or ()) | {"end_date"}
        super().validate_constraints(exclude=exclude)


def _fill_decision_text(obj: "Appointment | Reorganisation") -> None:
    """Keep the decision's number and title as text too: it survives the document's deletion."""
    if obj.decision_id and not obj.decision_text.strip():
        obj.decision_text = str(obj.decision)[:300]


def _range(appointment: Appointment) -> str:
    start = appointment.start_date.strftime(DATE_FORMAT)
    if appointment.end_date is None:
        return f"từ {start} (đang đảm nhiệm)"
    return f"từ {start} đến {appointment.end_date.strftime(DATE_FORMAT)}"


def overlap_message(appointment: Appointment, clash: Appointment) -> str:
    """The Vietnamese error for two overlapping appointments of one person, unit and role."""
    return (
        f"Trùng thời gian: {clash.person} đã giữ chức danh “{clash.role}” trong “{clash.unit}” "
        f"{_range(clash)}. Hãy nhập ngày kết thúc cho phân công cũ (hoặc dùng chức năng kiện toàn) "
        "trước khi thêm phân công mới."
    )
