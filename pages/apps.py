from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Identity, menu, links and static pages. The identity and navigation are cached with the
    site's content version (pagecache), which every write to them moves."""

    name = "pages"
    verbose_name = "Trang và cấu hình"
