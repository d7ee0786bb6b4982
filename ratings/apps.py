from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "ratings"
    label = "ratings"
    verbose_name = "Đánh giá mức độ hài lòng"
    default_auto_field = "django.db.models.BigAutoField"
