"""Đánh giá mức độ hài lòng: "Thông tin này có hữu ích không?" under an article, a document, …

One row per visitor, page and local day. The visitor is a salted key made by the visit
counter's rule (stats.api.scoped_visitor_key): no cookie, no login, no address stored. A second
rating of the same page on the same day by the same visitor replaces the first (the visitor
changed their mind); the next day's salt makes another key, so it counts again.

The target is generic (content type + id) so any public content can carry the form: the
models allowed are settings.RATING_MODELS (ratings.targets). The comment is for staff only,
never shown on a public page; it is stored as plain text (ratings.forms).
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from network.api import SiteScopedModel, site_manager


class Choice(models.TextChoices):
    USEFUL = "useful", "Hữu ích"
    NEUTRAL = "neutral", "Bình thường"
    NOT_USEFUL = "not_useful", "Không hữu ích"


class Rating(SiteScopedModel):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name="loại nội dung")
    object_id = models.PositiveBigIntegerField("mã nội dung")
    target = GenericForeignKey("content_type", "object_id")
    day = models.DateField("ngày")
    visitor_key = models.CharField("khóa khách (đã băm)", max_length=32, editable=False)
    choice = models.CharField("đánh giá", max_length=12, choices=Choice)
    comment = models.TextField("góp ý", blank=True)
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = site_manager()
    every_site = models.Manager()

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = "đánh giá"
        verbose_name_plural = "đánh giá mức độ hài lòng"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "content_type", "object_id", "day", "visitor_key"],
                name="ratings_one_per_visitor_page_day",
            )
        ]
        indexes = [
            models.Index(fields=["site", "day"], name="ratings_site_day"),
            models.Index(fields=["site", "content_type", "object_id"], name="ratings_site_target"),
        ]

    def __str__(self) -> str:
        return f"{self.get_choice_display()} ({self.day:%d/%m/%Y})"
