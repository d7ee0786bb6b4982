from django.apps import AppConfig
from django_tasks_db.apps import TasksAppConfig

# The jobs' table in the admin speaks Vietnamese: django-tasks-db ships English names only.
JOB_FIELD_NAMES = {
    "id": "mã công việc",
    "status": "trạng thái",
    "enqueued_at": "xếp hàng lúc",
    "started_at": "bắt đầu lúc",
    "finished_at": "kết thúc lúc",
    "args_kwargs": "tham số",
    "priority": "độ ưu tiên",
    "task_path": "đường dẫn mã",
    "worker_ids": "tiến trình chạy",
    "queue_name": "hàng đợi",
    "backend_name": "nơi lưu",
    "run_after": "chạy sau",
    "return_value": "kết quả",
    "exception_class_path": "loại lỗi",
    "traceback": "chi tiết lỗi",
}


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Công việc nền"


class TasksDatabaseConfig(TasksAppConfig):
    """django-tasks-db (the jobs' table) under Vietnamese names in the admin."""

    verbose_name = "Công việc nền"

    def ready(self):
        super().ready()
        model = self.get_model("DBTaskResult")
        model._meta.verbose_name = "công việc nền"
        model._meta.verbose_name_plural = "công việc nền"
        for name, label in JOB_FIELD_NAMES.items():
            model._meta.get_field(name).verbose_name = label
