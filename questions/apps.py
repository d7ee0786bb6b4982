from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = "Hỏi đáp"

    def ready(self):
        from . import signals  # noqa: F401  purger registration and page-cache bumps
