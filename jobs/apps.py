from django.apps import AppConfig
from django_tasks_db.apps import TasksAppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Công việc nền"


class TasksDatabaseConfig(TasksAppConfig):
    """django-tasks-db (the jobs' table) under a Vietnamese name in the admin's app list."""

    verbose_name = "Công việc nền"
