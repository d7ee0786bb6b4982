from django.db import models


class Article(models.Model):
    """The portal's article table, read only: rows for the plain template page."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=300)
    summary = models.TextField()

    class Meta:
        managed = False
        db_table = "news_article"

    def __str__(self) -> str:
        return self.title
