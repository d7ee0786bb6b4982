from django import forms
from django.contrib.sites.models import Site

from pages.models import Level

from .units import find_unit


class UnitSearchForm(forms.Form):
    tim = forms.CharField(label="Tìm đơn vị hành chính", required=False, max_length=100)


class NewCommitteeForm(forms.Form):
    unit_code = forms.CharField(label="mã đơn vị hành chính", required=False, max_length=10)
    host = forms.CharField(label="tên miền chính", max_length=253, help_text="Dạng tenxa.tentinh.gov.vn.")
    aliases = forms.CharField(
        label="tên miền phụ",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Mỗi dòng một tên.",
    )
    short_name = forms.CharField(label="tên ngắn", max_length=150)
    full_name = forms.CharField(label="tên đầy đủ", max_length=300)
    level = forms.ChoiceField(label="cấp", choices=Level.choices)
    locality = forms.CharField(label="tên địa phương", max_length=120, required=False)
    parent_body = forms.CharField(label="cơ quan chủ quản", max_length=200, required=False)
    parent = forms.ModelChoiceField(
        label="cổng cấp trên", queryset=Site.objects.order_by("name"), required=False
    )
    carried_visits = forms.IntegerField(
        label="số lượt truy cập của cổng cũ", min_value=0, initial=0, required=False
    )
    carried_as_of = forms.DateField(label="cổng cũ đếm đến ngày", required=False)

    def clean_unit_code(self):
        code = self.cleaned_data["unit_code"].strip()
        if code and find_unit(code) is None:
            raise forms.ValidationError("Không có đơn vị hành chính mã này trong danh mục từ 1/7/2025.")
        return code

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("aliases", "").splitlines() if line.strip()]


class MergeForm(forms.Form):
    new = forms.ModelChoiceField(label="hợp nhất vào cổng", queryset=Site.objects.order_by("name"))
    confirm = forms.BooleanField(label="Tôi đã xem kết quả chạy thử và muốn hợp nhất thật", required=False)
