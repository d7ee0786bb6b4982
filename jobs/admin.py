"""The jobs' list in the admin (Hệ thống › Công việc nền), for platform administrators only.

django-tasks-db registers a read-only admin for its table; it is replaced here by one that
says in Vietnamese what each job is, for which site, which attempt it was and how it ended, and
that only platform administrators (superusers) may open: a job's arguments and traceback name
rows and files of every site, which a site's own staff must not read.
"""

from django.contrib import admin
from django.utils.html import format_html
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from network.api import is_platform_admin

from .api import is_site_job, job_label

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class JobAdmin(DBTaskResultAdmin):
    list_display = ("job", "status", "site", "attempt", "enqueued_at", "finished_at")
    list_filter = ("status", "queue_name")
    search_fields = ("task_path",)
    date_hierarchy = "enqueued_at"

    def has_module_permission(self, request):
        return is_platform_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [
            "job",
            "status",
            "site",
            "attempt",
            "enqueued_at",
            "started_at",
            "finished_at",
            "display_run_after",
            "arguments",
            "exception_class_path",
            "formatted_traceback",
            "task_path",
            "queue_name",
            "worker_ids",
            "id",
        ]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    @admin.display(description="công việc", ordering="task_path")
    def job(self, obj: DBTaskResult) -> str:
        return job_label(obj.task_path)

    @admin.display(description="cổng")
    def site(self, obj: DBTaskResult):
        args = (obj.args_kwargs or {}).get("args") or []
        return args[0] if args and is_site_job(obj.task_path) else "mọi cổng"

    @admin.display(description="lần thử")
    def attempt(self, obj: DBTaskResult) -> int:
        return int(((obj.args_kwargs or {}).get("kwargs") or {}).get("attempt", 1))

    @admin.display(description="tham số")
    def arguments(self, obj: DBTaskResult) -> str:
        return format_html("<code>{}</code>", obj.args_kwargs)

    @admin.display(description="chi tiết lỗi")
    def formatted_traceback(self, obj: DBTaskResult) -> str:
        return super().formatted_traceback(obj)

    @admin.display(description="chạy sau")
    def display_run_after(self, obj: DBTaskResult):
        return super().display_run_after(obj)
