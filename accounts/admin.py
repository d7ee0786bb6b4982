from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.sessions import end_sessions
from accounts.two_factor import devices
from network.admin import SiteRoleInline

# django-otp's device admins show each app's secret and QR code: any superuser could copy a
# colleague's second factor. Resetting (below) is all the administration devices need.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Django's user admin plus the two-factor column and the superuser's reset action."""

    list_display = (*UserAdmin.list_display, "has_two_factor")
    actions = ["reset_two_factor"]
    inlines = (SiteRoleInline,)
    # Roles are given per site (the inline "vai trò trên cổng"); a group in the user's own list
    # would count nowhere (network.backends.SiteRoleBackend), so the field is not offered.
    fieldsets = tuple(
        (name, {**options, "fields": tuple(f for f in options["fields"] if f != "groups")})
        for name, options in UserAdmin.fieldsets
    )

    def get_queryset(self, request):
        apps = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(two_factor_on=Exists(apps))

    @admin.display(description="xác thực hai bước", boolean=True, ordering="two_factor_on")
    def has_two_factor(self, obj) -> bool:
        return obj.two_factor_on

    def has_reset_two_factor_permission(self, request) -> bool:
        return request.user.is_superuser

    @admin.action(
        description="Đặt lại xác thực hai bước (mất điện thoại) cho %(verbose_name_plural)s đã chọn",
        permissions=["reset_two_factor"],
    )
    def reset_two_factor(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        devices.reset(ids)
        end_sessions(ids, keep=request.session.session_key)
        self.message_user(
            request,
            f"Đã đặt lại xác thực hai bước cho {len(ids)} tài khoản: ứng dụng xác thực và mã dự phòng cũ "
            "hết hiệu lực, các phiên đăng nhập của họ đã kết thúc. Ở lần đăng nhập tới, họ sẽ quét mã QR "
            "để cài lại.",
            messages.SUCCESS,
        )
