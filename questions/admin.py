"""Hỏi đáp in the admin: each site's staff handle their own site's questions, by role.

- Thư ký (triage_question): choose the topic, assign a staff member, move a question to
  "Đang xử lý" or refuse it ("Không tiếp nhận", with a reason the asker sees); manage topics.
- Biên tập viên (change_question): draft the answer and the public wording, move the question
  to "Đang xử lý".
- Duyệt bài (answer_question, publish_question): send the answer ("Đã trả lời", which mails
  the asker) and publish the question with its answer.

Nobody adds questions here (citizens do) and only platform administrators delete them. What
the citizen sent (name, contacts, text, file) is read-only. The status field offers each user
only the statuses they may choose; the form refuses anything else, so a forged POST changes
nothing. Notices go out after the save commits.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from network.api import SiteScopedAdminMixin

from . import notify
from .models import Question, Topic

Status = Question.Status
CITIZEN_FIELDS = ("asker_name", "email", "phone", "text", "attachment_link", "created_at")
RECORD_FIELDS = ("answered_by", "answered_at", "closed_at", "published_at", "contact_purged_at")


def allowed_statuses(user, current: str) -> set[str]:
    """The statuses `user` may give a question now at `current`."""
    allowed = {current}
    if user.has_perm("questions.triage_question"):
        allowed |= {Status.RECEIVED, Status.IN_PROGRESS, Status.REFUSED}
    if user.has_perm("questions.change_question"):
        allowed.add(Status.IN_PROGRESS)
    if user.has_perm("questions.answer_question"):
        allowed |= {Status.IN_PROGRESS, Status.ANSWERED}
    return allowed


@admin.register(Topic)
class TopicAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "order", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("name",)
    fields = ("name", "order", "is_active")


class QuestionAdminForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = [
            "topic",
            "status",
            "assigned_to",
            "refusal_reason",
            "answer",
            "is_published",
            "public_title",
            "public_question",
        ]

    def clean(self):
        cleaned = super().clean()
        user = self.request.user
        current = self.instance.status
        status = cleaned.get("status", current)
        if "status" in self.fields and status not in allowed_statuses(user, current):
            self.add_error("status", "Bạn không có quyền chuyển câu hỏi sang tình trạng này.")
        answer = cleaned.get("answer", self.instance.answer)
        if status == Status.ANSWERED and not (answer or "").strip():
            self.add_error("status", "Hãy viết nội dung trả lời trước khi chuyển sang “Đã trả lời”.")
        reason = cleaned.get("refusal_reason", self.instance.refusal_reason)
        if status == Status.REFUSED and not (reason or "").strip():
            self.add_error("refusal_reason", "Hãy ghi lý do không tiếp nhận; người hỏi sẽ thấy lý do này.")
        if cleaned.get("is_published") and status != Status.ANSWERED:
            self.add_error("is_published", "Chỉ công khai được câu hỏi đã trả lời.")
        return cleaned


@admin.register(Question)
class QuestionAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    form = QuestionAdminForm
    list_display = ("short_title", "topic", "status", "assigned_to", "created_at", "is_published")
    list_filter = ("status", "is_published", "topic")
    list_select_related = ("topic", "assigned_to")
    search_fields = ("text", "public_title")
    date_hierarchy = "created_at"
    fieldsets = (
        ("Câu hỏi của công dân (không công khai)", {"fields": CITIZEN_FIELDS}),
        ("Xử lý", {"fields": ("topic", "status", "assigned_to", "refusal_reason")}),
        ("Trả lời", {"fields": ("answer", "answered_by", "answered_at", "closed_at")}),
        (
            "Công khai trên cổng",
            {
                "fields": (
                    "is_published",
                    "public_title",
                    "public_question",
                    "published_at",
                    "contact_purged_at",
                )
            },
        ),
    )

    @admin.display(description="câu hỏi")
    def short_title(self, obj):
        return obj.title

    @admin.display(description="tệp đính kèm")
    def attachment_link(self, obj):
        if not obj or not obj.attachment:
            return "—"
        url = reverse("admin:questions_question_attachment", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.attachment_name or "tệp đính kèm")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.request = request
        return form

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            current = getattr(request, "_question_status", Status.RECEIVED)
            allowed = allowed_statuses(request.user, current)
            kwargs["choices"] = [(v, label) for v, label in Status.choices if v in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            from django.contrib.auth import get_user_model

            site = getattr(request, "site", None)
            users = get_user_model().objects.filter(is_active=True, is_staff=True)
            if site is not None:
                users = users.filter(site_roles__site_id=site.pk).distinct()
            kwargs["queryset"] = users.order_by("last_name", "first_name", "username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            request._question_status = obj.status
        return obj

    def get_readonly_fields(self, request, obj=None):
        user = request.user
        readonly = [*CITIZEN_FIELDS, *RECORD_FIELDS]
        if not user.has_perm("questions.triage_question"):
            readonly += ["topic", "assigned_to", "refusal_reason"]
        if not (user.has_perm("questions.change_question") or user.has_perm("questions.answer_question")):
            readonly += ["answer", "public_title", "public_question"]
        if not user.has_perm("questions.publish_question"):
            readonly.append("is_published")
        if obj is not None and len(allowed_statuses(user, obj.status)) < 2:
            readonly.append("status")
        return readonly

    def has_add_permission(self, request):
        return False  # citizens ask on the public site

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        before = Question.objects.filter(pk=obj.pk).values("status", "is_published").first() or {}
        now = timezone.now()
        became = obj.status if obj.status != before.get("status") else None
        if became == Status.ANSWERED:
            obj.answered_by = request.user
            obj.answered_at = now
        if became in Question.CLOSED:
            obj.closed_at = now
        elif became is not None:
            obj.closed_at = None
        if obj.is_published and not before.get("is_published"):
            obj.published_at = now
        if not obj.is_published:
            obj.published_at = None
        super().save_model(request, obj, form, change)
        if became == Status.ANSWERED:
            transaction.on_commit(lambda: notify.answered(obj, request))
        elif became == Status.REFUSED:
            transaction.on_commit(lambda: notify.refused(obj, request))

    def get_urls(self):
        return [
            path(
                "<int:pk>/tep-dinh-kem/",
                self.admin_site.admin_view(self.attachment_view),
                name="questions_question_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, pk):
        """The citizen's file, for the staff of the question's site only, always as a download."""
        obj = self.get_object(request, str(pk))
        if obj is None or not self.has_view_permission(request, obj) or not obj.attachment:
            raise PermissionDenied
        response = FileResponse(
            obj.attachment.open("rb"), as_attachment=True, filename=obj.attachment_name or "tep-dinh-kem"
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
