"""Site identity, navigation, links to related agencies and the editable static pages."""

from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.db import models
from django_ckeditor_5.fields import CKEditor5Field

from common.html import clean_html
from imaging.fields import PipelineImageField
from network.api import SiteScopedModel, SiteUploadTo, current_site_id, site_manager
from ops.links import LinkField
from ops.routes import slug_url
from pagecache.api import ContentQuerySet, versioned_value

# Identity and navigation are kept with the site's content version: any write to the site's
# content (these rows included) moves it, so this bounds only how long an unused entry stays.
IDENTITY_TIMEOUT = 60 * 60  # seconds


class Level(models.TextChoices):
    PROVINCE = "tinh", "Tỉnh"
    CITY = "thanh-pho", "Thành phố"
    DISTRICT = "huyen", "Huyện"
    TOWN = "thi-xa", "Thị xã"
    COMMUNE = "xa", "Xã"
    WARD = "phuong", "Phường"
    SPECIAL_ZONE = "dac-khu", "Đặc khu"
    PARTY_COMMITTEE = "dang-uy", "Đảng ủy"


class SiteSettings(SiteScopedModel):
    """A committee's identity: one row per site; cached; a save takes effect at once."""

    full_name = models.CharField(
        "tên đầy đủ",
        max_length=300,
        help_text="Ví dụ: Ban Chỉ đạo bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác "
        "các quan điểm sai trái, thù địch huyện Duyên Hải.",
    )
    short_name = models.CharField(
        "tên ngắn", max_length=150, help_text="Hiện ở đầu trang, ví dụ: Ban Chỉ đạo 35 huyện Duyên Hải."
    )
    level = models.CharField(
        "cấp",
        max_length=20,
        choices=Level,
        default=Level.DISTRICT,
        help_text="Cấp hành chính hoặc cấp ủy của Ban Chỉ đạo (đơn vị hành chính đã sắp xếp lại năm 2025).",
    )
    locality = models.CharField("tên địa phương", max_length=120, blank=True, help_text="Ví dụ: Duyên Hải.")
    parent_body = models.CharField(
        "cơ quan chủ quản",
        max_length=200,
        blank=True,
        help_text="Cấp ủy trực tiếp, ví dụ: Huyện ủy Duyên Hải.",
    )
    logo = PipelineImageField(
        "biểu trưng",
        upload_to=SiteUploadTo("site/"),
        blank=True,
        help_text="Ảnh vuông PNG hoặc WebP (giữ nền trong suốt), khoảng 160 × 160 điểm ảnh. Ảnh được "
        "kiểm tra, lưu lại dưới tên mới và xóa thông tin đi kèm (vị trí, máy chụp).",
    )
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    phone = models.CharField("điện thoại", max_length=50, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    contact_name = models.CharField("người đầu mối: họ tên", max_length=120, blank=True)
    contact_position = models.CharField("người đầu mối: chức vụ", max_length=200, blank=True)
    contact_unit = models.CharField("người đầu mối: đơn vị", max_length=200, blank=True)
    contact_phone = models.CharField("người đầu mối: điện thoại", max_length=50, blank=True)
    contact_email = models.EmailField("người đầu mối: thư điện tử", blank=True)
    footer_text = models.TextField(
        "chân trang", blank=True, help_text="Ví dụ: giấy phép, ghi rõ nguồn khi trích dẫn."
    )
    fanpage_url = LinkField(
        "trang Facebook", blank=True, help_text="Địa chỉ đầy đủ, ví dụ: https://www.facebook.com/…"
    )
    admin_map = PipelineImageField(
        "bản đồ hành chính",
        upload_to=SiteUploadTo("site/"),
        blank=True,
        help_text="Ảnh bản đồ (JPEG, PNG hoặc WebP) hiện ở cột bên; bấm vào để xem trang bản đồ. Ảnh "
        "được kiểm tra, lưu lại dưới tên mới và xóa thông tin đi kèm.",
    )
    tracking_script_url = LinkField(
        "mã theo dõi (địa chỉ script)",
        blank=True,
        help_text="Ví dụ: địa chỉ script giám sát EMC do cơ quan quản lý cấp. Để trống nếu không dùng.",
    )
    tracking_label = models.CharField(
        "nhãn theo dõi", max_length=120, blank=True, help_text="Ví dụ: Đã kết nối EMC."
    )
    updated_at = models.DateTimeField("cập nhật", auto_now=True)

    objects = site_manager(ContentQuerySet)

    class Meta:
        verbose_name = "thông tin cổng"
        verbose_name_plural = "thông tin cổng"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["site"], name="pages_sitesettings_one_per_site")]

    def __str__(self) -> str:
        return self.short_name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The committee's short name is its site's name across the platform (directory, "Tin từ
        # cơ sở", the admin): one name, kept here.
        if self.site_id and self.short_name:
            site = Site.objects.filter(pk=self.site_id).exclude(name=self.short_name).first()
            if site is not None:
                site.name = self.short_name
                site.save(update_fields=["name"])

    def delete(self, *args, **kwargs):
        raise ValidationError("Không thể xóa thông tin cổng.")

    @classmethod
    def load(cls) -> "SiteSettings":
        """The identity of the site being worked on (an unsaved placeholder before it has one)."""

        def read():
            return cls.objects.first() or cls(
                site_id=current_site_id(), full_name="Ban Chỉ đạo 35", short_name="Ban Chỉ đạo 35"
            )

        return versioned_value("pages:site-settings", read, IDENTITY_TIMEOUT)

    @property
    def level_and_locality(self) -> str:
        """ "huyện Duyên Hải", "xã Long Hữu", "tỉnh Vĩnh Long" — from configuration."""
        if not self.locality:
            return ""
        return f"{self.get_level_display().lower()} {self.locality}"


class NavigationQuerySet(ContentQuerySet):
    def visible(self):
        return self.filter(is_visible=True)


class MenuItem(SiteScopedModel):
    title = models.CharField("tên mục", max_length=80)
    url = LinkField(
        "địa chỉ",
        help_text="Đường dẫn trong cổng (ví dụ /van-ban/) hoặc địa chỉ đầy đủ bắt đầu bằng https://.",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_visible = models.BooleanField("hiển thị", default=True)

    objects = site_manager(NavigationQuerySet)

    class Meta:
        verbose_name = "mục menu"
        verbose_name_plural = "menu chính"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class WebLink(SiteScopedModel):
    title = models.CharField("tên cơ quan", max_length=150)
    url = LinkField("địa chỉ", help_text="Địa chỉ đầy đủ, ví dụ: https://chinhphu.vn/.")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_visible = models.BooleanField("hiển thị", default=True)

    objects = site_manager(NavigationQuerySet)

    class Meta:
        verbose_name = "liên kết trang web"
        verbose_name_plural = "liên kết trang web"
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title


def navigation() -> dict:
    """The site's menu and links for every page: one cached value, rebuilt after any edit."""

    def read():
        return {
            "menu": [(m.title, m.url) for m in MenuItem.objects.visible()],
            "web_links": [(w.title, w.url) for w in WebLink.objects.visible()],
        }

    return versioned_value("pages:navigation", read, IDENTITY_TIMEOUT)


class PageQuerySet(ContentQuerySet):
    def published(self):
        """The only door to public static pages."""
        return self.filter(is_published=True)


class Page(SiteScopedModel):
    """A static page (Giới thiệu, Liên hệ, Bản đồ hành chính, About). Body sanitised on save."""

    class Language(models.TextChoices):
        VI = "vi", "Tiếng Việt"
        EN = "en", "English"

    title = models.CharField("tiêu đề", max_length=200)
    slug = models.SlugField(
        "đường dẫn", db_index=False, max_length=100, help_text="Ví dụ: gioi-thieu → /gioi-thieu/."
    )
    language = models.CharField("ngôn ngữ", max_length=2, choices=Language.choices, default=Language.VI)
    summary = models.CharField(
        "mô tả ngắn", max_length=300, blank=True, help_text="Hiện cho công cụ tìm kiếm và khi chia sẻ."
    )
    body = CKEditor5Field("nội dung", config_name="simple", blank=True)
    show_map = models.BooleanField(
        "hiện bản đồ hành chính", default=False, help_text="Hiện ảnh bản đồ cỡ lớn dưới nội dung."
    )
    show_contact = models.BooleanField(
        "hiện thông tin liên hệ", default=False, help_text="Hiện địa chỉ, điện thoại và người đầu mối."
    )
    is_published = models.BooleanField("công khai", default=True)
    updated_at = models.DateTimeField("cập nhật", auto_now=True)

    objects = site_manager(PageQuerySet)

    class Meta:
        verbose_name = "trang tĩnh"
        verbose_name_plural = "trang tĩnh"
        ordering = ["language", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "language", "slug"],
                name="page_unique_language_slug",
                violation_error_message="Đã có trang với đường dẫn này.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        if self.language == self.Language.EN:
            return slug_url("pages:english-page", self.slug)
        return slug_url("pages:page", self.slug)
