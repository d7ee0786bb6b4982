"""Admin for the secretaries (Thư ký): people with their appointments, units, roles, kiện toàn.

Every admin here works on the site of the host it is used on (network.SiteScopedAdminMixin): a
secretary sees and changes only their committee's members, units, roles and kiện toàn. The
kiện toàn page works on that site alone, for platform administrators too."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.forms import modelformset_factory
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from common.text import fold
from network.api import SiteScopedAdminMixin, working_on
from ops.uploads import StorageFailureAdminMixin

from .forms import AppointmentInlineFormSet, NewAppointmentForm, NewAppointmentFormSet, ReorganisationForm
from .models import Appointment, Person, Reorganisation, ReorganisationRejected, Role, Unit

REORGANISE_PERMISSIONS = (
    "committee.add_appointment",
    "committee.change_appointment",
    "committee.add_reorganisation",
)
NEW_ROWS_MIN = 6


def _folded_search(queryset, search_term: str, field: str):
    """Every word of the search, diacritics ignored ("nhan" finds "Nhặn"), in `field`."""
    for word in fold(search_term).split():
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset


class PersonStatusFilter(admin.SimpleListFilter):
    title = "tình trạng"
    parameter_name = "tinh-trang"

    def lookups(self, request, model_admin):
        return [("dang", "Đang đảm nhiệm"), ("da-thoi", "Đã thôi"), ("chua", "Chưa có phân công")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        current = Exists(Appointment.objects.current(today).filter(person=OuterRef("pk")))
        any_appointment = Exists(Appointment.objects.filter(person=OuterRef("pk")))
        if self.value() == "dang":
            return queryset.filter(current)
        if self.value() == "da-thoi":
            return queryset.filter(any_appointment).exclude(current)
        if self.value() == "chua":
            return queryset.exclude(any_appointment)
        return queryset


class _PersonRelatedFilter(admin.SimpleListFilter):
    """People with an appointment in the chosen unit / role (no duplicate rows)."""

    model = None
    field = ""

    def lookups(self, request, model_admin):
        return [(str(obj.pk), str(obj)) for obj in self.model.objects.all()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        lookup = {"person": OuterRef("pk"), f"{self.field}_id": self.value()}
        return queryset.filter(Exists(Appointment.objects.filter(**lookup)))


class PersonUnitFilter(_PersonRelatedFilter):
    title = "đơn vị"
    parameter_name = "don-vi"
    model = Unit
    field = "unit"


class PersonRoleFilter(_PersonRelatedFilter):
    title = "chức danh"
    parameter_name = "chuc-danh"
    model = Role
    field = "role"


class AppointmentStatusFilter(admin.SimpleListFilter):
    title = "tình trạng"
    parameter_name = "tinh-trang"

    def lookups(self, request, model_admin):
        return [("dang", "Đang đảm nhiệm"), ("da-thoi", "Đã thôi"), ("sap-toi", "Chưa bắt đầu")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "dang":
            return queryset.current(today)
        if self.value() == "da-thoi":
            return queryset.former(today)
        if self.value() == "sap-toi":
            return queryset.filter(start_date__gt=today)
        return queryset


class AppointmentInline(SiteScopedAdminMixin, admin.TabularInline):
    model = Appointment
    formset = AppointmentInlineFormSet
    fields = ["unit", "role", "start_date", "end_date", "decision", "decision_text", "duties", "order"]
    raw_id_fields = ["decision"]
    extra = 1
    # Tabular rows stay readable with a short duties box.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})}}


@admin.register(Person)
class PersonAdmin(SiteScopedAdminMixin, StorageFailureAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "main_position", "current_roles", "has_photo"]
    list_filter = [PersonStatusFilter, PersonUnitFilter, PersonRoleFilter]
    search_fields = ["search_text"]
    search_help_text = "Tìm theo họ tên hoặc chức vụ; gõ có dấu hay không dấu đều được (ví dụ: nhan)."
    inlines = [AppointmentInline]
    readonly_fields = ["photo_preview"]
    fieldsets = [
        (None, {"fields": ["honorific", "full_name", "slug", "main_position"]}),
        ("Ảnh chân dung", {"fields": ["photo", "photo_preview"]}),
        ("Tiểu sử", {"fields": ["biography"]}),
        (
            "Liên hệ công vụ",
            {
                "fields": [("phone", "show_phone"), ("email", "show_email")],
                "description": "Chỉ hiện trên cổng khi bật “công khai”. Không nhập số, địa chỉ cá nhân.",
            },
        ),
    ]

    def get_queryset(self, request):
        current = Appointment.objects.current().select_related("unit", "role").order_by("role__rank")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("appointments", queryset=current, to_attr="current_appointments"))
        )

    def get_search_results(self, request, queryset, search_term):
        return _folded_search(queryset, search_term, "search_text"), False

    @admin.display(description="đang đảm nhiệm")
    def current_roles(self, obj: Person) -> str:
        return "; ".join(f"{a.role}, {a.unit}" for a in obj.current_appointments) or "—"

    @admin.display(description="có ảnh", boolean=True)
    def has_photo(self, obj: Person) -> bool:
        return bool(obj.photo)

    @admin.display(description="ảnh hiện tại")
    def photo_preview(self, obj: Person) -> str:
        if not obj.photo:
            return "Chưa có ảnh."
        return format_html('<img src="{}" alt="" width="120">', obj.photo.url)


@admin.register(Appointment)
class AppointmentAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ["person", "role", "unit", "start_date", "end_date", "is_current_display"]
    list_filter = [AppointmentStatusFilter, "unit", "role"]
    list_select_related = ["person", "unit", "role"]
    search_fields = ["person__search_text"]
    search_help_text = "Tìm theo họ tên thành viên, có dấu hay không dấu."
    date_hierarchy = "start_date"
    autocomplete_fields = ["person"]
    raw_id_fields = ["decision"]
    readonly_fields = ["started_by", "ended_by"]
    actions = ["reorganise_selected"]
    change_list_template = "admin/committee/appointment/change_list.html"

    def get_search_results(self, request, queryset, search_term):
        return _folded_search(queryset, search_term, "person__search_text"), False

    @admin.display(description="đang đảm nhiệm", boolean=True)
    def is_current_display(self, obj: Appointment) -> bool:
        return obj.is_current()

    def get_urls(self):
        return [
            path(
                "kien-toan/",
                self.admin_site.admin_view(self.reorganise_view),
                name="committee_appointment_reorganise",
            )
        ] + super().get_urls()

    @admin.action(
        description="Kiện toàn: kết thúc các phân công đã chọn và phân công mới", permissions=["reorganise"]
    )
    def reorganise_selected(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.ongoing().values_list("pk", flat=True))
        return HttpResponseRedirect(f"{reverse('admin:committee_appointment_reorganise')}?ids={ids}")

    def has_reorganise_permission(self, request) -> bool:
        # The site's own rights (its roles), and none on an archived (read-only) site.
        return (
            getattr(request, "site", None) is not None
            and request.user.has_perms(REORGANISE_PERMISSIONS)
            and self.has_add_permission(request)
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_reorganise": self.has_reorganise_permission(request)}
        return super().changelist_view(request, extra_context)

    def reorganise_view(self, request):
        """End a set of current appointments on one date and start the new ones, by one decision.

        A kiện toàn is one committee's: the page lists, ends and starts only the appointments of
        the site it is used on, also for platform administrators (who otherwise see every site's
        rows in the admin); an appointment of another site named in the address or a forged form
        is not among the choices."""
        if not self.has_reorganise_permission(request):
            raise PermissionDenied
        with working_on(request.site):
            return self._reorganise(request)

    def _reorganise(self, request):
        selected = [int(pk) for pk in request.GET.get("ids", "").split(",") if pk.strip().isdigit()]
        FormSet, formset_kwargs = _new_appointments_formset(selected)
        if request.method == "POST":
            form = ReorganisationForm(request.POST)
            formset = FormSet(request.POST, **formset_kwargs)
            if form.is_valid() and formset.is_valid() and _apply(form, formset):
                reorganisation = form.instance
                self.message_user(
                    request,
                    f"Đã kiện toàn ngày {reorganisation.date:%d/%m/%Y}: kết thúc "
                    f"{len(form.cleaned_data['end_appointments'])} phân công, thêm "
                    f"{len(formset.started)} phân công mới.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:committee_reorganisation_change", args=[reorganisation.pk])
                )
        else:
            form = ReorganisationForm(initial={"end_appointments": selected, "date": timezone.localdate()})
            formset = FormSet(**formset_kwargs)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Kiện toàn Ban Chỉ đạo",
            "form": form,
            "formset": formset,
            "media": self.media + form.media + formset.media,
            "person_add_url": reverse("admin:committee_person_add"),
        }
        return TemplateResponse(request, "admin/committee/reorganise.html", context)


def _new_appointments_formset(selected: list[int]):
    """The formset class for new appointments, its first rows prefilled from those being ended."""
    prefill = [
        {"unit": a.unit_id, "role": a.role_id, "duties": a.duties, "order": a.order}
        for a in Appointment.objects.filter(pk__in=selected).order_by("unit__order", "role__rank", "order")
    ]
    FormSet = modelformset_factory(
        Appointment,
        form=NewAppointmentForm,
        formset=NewAppointmentFormSet,
        extra=max(NEW_ROWS_MIN, len(prefill) + 2),
    )
    return FormSet, {"queryset": Appointment.objects.none(), "prefix": "moi", "initial": prefill}


def _apply(form: ReorganisationForm, formset: NewAppointmentFormSet) -> bool:
    """Apply the kiện toàn in one transaction; on a refused row, put its errors on the row."""
    try:
        form.save(commit=False).apply(list(form.cleaned_data["end_appointments"]), formset.started)
    except ReorganisationRejected as exc:
        started_forms = [f for f in formset.forms if f.has_changed()]
        for index, problems in exc.problems.items():
            started_forms[index].add_error(None, problems)
        return False
    return True


@admin.register(Unit)
class UnitAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "order"]
    list_editable = ["order"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name"]
    fields = ["name", "slug", "kind", "parent", "order", "description"]


@admin.register(Role)
class RoleAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "rank"]
    list_editable = ["rank"]
    search_fields = ["name"]


class _ReorganisationAppointmentInline(SiteScopedAdminMixin, admin.TabularInline):
    model = Appointment
    fields = ["person", "role", "unit", "start_date", "end_date"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "role", "unit")


class StartedAppointmentInline(_ReorganisationAppointmentInline):
    fk_name = "started_by"
    verbose_name = "phân công mới"
    verbose_name_plural = "các phân công bắt đầu trong đợt này"


class EndedAppointmentInline(_ReorganisationAppointmentInline):
    fk_name = "ended_by"
    verbose_name = "phân công kết thúc"
    verbose_name_plural = "các phân công kết thúc trong đợt này"


@admin.register(Reorganisation)
class ReorganisationAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "decision_text", "started_count", "ended_count"]
    date_hierarchy = "date"
    fields = ["date", "decision", "decision_text", "note"]
    # Changing them here would not move the appointments; a new kiện toàn corrects a mistake.
    readonly_fields = ["date", "decision", "decision_text"]
    inlines = [StartedAppointmentInline, EndedAppointmentInline]

    def has_add_permission(self, request):
        # A kiện toàn is made by the kiện toàn page, which ends and starts appointments with it.
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                started_total=models.Count("started_appointments", distinct=True),
                ended_total=models.Count("ended_appointments", distinct=True),
            )
        )

    @admin.display(description="số phân công mới", ordering="started_total")
    def started_count(self, obj: Reorganisation) -> int:
        return obj.started_total

    @admin.display(description="số phân công kết thúc", ordering="ended_total")
    def ended_count(self, obj: Reorganisation) -> int:
        return obj.ended_total
