"""The public filter form of /van-ban/: plain GET parameters, so every filtered list has a
shareable address (/van-ban/?loai=ke-hoach&nam=2021&tinh-trang=con-hieu-luc)."""

from urllib.parse import urlencode

from django import forms

from civic.forms import CitizenFormMixin

from .models import ConsultationComment, DocumentQuerySet, Status

PARAMS = ("q", "ban_chi_dao", "loai", "co_quan", "linh_vuc", "nam", "tinh_trang")
NETWORK = "tat-ca"  # ban_chi_dao=tat-ca: this committee's documents and every member committee's


class ListSelect(forms.Select):
    """A select whose options are written in place (documents/widgets/select.html): a filter of
    many options renders several times faster, with the same markup."""

    template_name = "documents/widgets/select.html"


class DocumentFilterForm(forms.Form):
    q = forms.CharField(
        label="Từ khóa",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Số hiệu, tên hoặc trích yếu"}),
    )
    loai = forms.ChoiceField(widget=ListSelect, label="Loại văn bản", required=False)
    co_quan = forms.ChoiceField(widget=ListSelect, label="Cơ quan ban hành", required=False)
    linh_vuc = forms.ChoiceField(widget=ListSelect, label="Lĩnh vực", required=False)
    nam = forms.TypedChoiceField(
        widget=ListSelect, label="Năm ban hành", required=False, coerce=int, empty_value=None
    )
    tinh_trang = forms.ChoiceField(
        widget=ListSelect, label="Tình trạng", required=False, choices=[("", "Tất cả")] + list(Status.choices)
    )

    ban_chi_dao = forms.ChoiceField(widget=ListSelect, label="Ban Chỉ đạo ban hành", required=False)

    def __init__(self, data, facets: dict, members=()):
        """`members`: (site id, name) of the committees below this one; with none, the list
        covers this committee only and the field is not shown."""
        super().__init__(data)
        if members:
            self.fields["ban_chi_dao"].choices = [("", "Cổng này"), (NETWORK, "Toàn mạng lưới")] + [
                (str(pk), name) for pk, name in members
            ]
        else:
            del self.fields["ban_chi_dao"]
        self._ids = {}
        for name, key in (("loai", "types"), ("co_quan", "bodies"), ("linh_vuc", "fields")):
            self.fields[name].choices = [("", "Tất cả")] + [(slug, label) for slug, label, _ in facets[key]]
            self._ids[name] = {slug: pk for slug, _, pk in facets[key]}
        self.fields["nam"].choices = [("", "Tất cả")] + [(str(y), str(y)) for y in facets["years"]]

    def _valid(self) -> dict:
        """The values that validated; a bad parameter is ignored, the others still apply."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}

    def sites(self, own: int) -> list[int] | None:
        """The sites the list covers when it reaches beyond this committee, else None."""
        chosen = self._valid().get("ban_chi_dao")
        if not chosen:
            return None
        members = [int(value) for value, _ in self.fields["ban_chi_dao"].choices[2:]]
        return [own, *members] if chosen == NETWORK else [int(chosen)]

    def apply(self, documents: DocumentQuerySet, site_ids: list[int] | None = None) -> DocumentQuerySet:
        """The filters on `documents`, a list of `site_ids` (the site being worked on by default)."""
        values = self._valid()
        # Across several sites, a type or a field is matched by its address (each site has its
        # own "Kế hoạch"), not by this site's row.
        across = "ban_chi_dao" in values
        if "loai" in values:
            documents = documents.filter(
                **{"doc_type__slug": values["loai"]}
                if across
                else {"doc_type_id": self._ids["loai"][values["loai"]]}
            )
        if "co_quan" in values:
            documents = documents.filter(issuing_body_id=self._ids["co_quan"][values["co_quan"]])
        if "linh_vuc" in values:
            documents = documents.filter(
                **{"fields__slug": values["linh_vuc"]}
                if across
                else {"fields__id": self._ids["linh_vuc"][values["linh_vuc"]]}
            )
        if "nam" in values:
            documents = documents.filter(issue_date__year=values["nam"])
        if "tinh_trang" in values:
            documents = documents.with_status(values["tinh_trang"])
        if values.get("q", "").strip():
            documents = documents.matching(values["q"], site_ids)
        return documents

    @property
    def is_filtered(self) -> bool:
        return bool(self._valid())

    def query_string(self) -> str:
        """The active filters as a query string, for pagination links ("" when none)."""
        values = self._valid()
        return urlencode([(name, values[name]) for name in PARAMS if name in values])


class ConsultationCommentForm(CitizenFormMixin, forms.ModelForm):
    """A citizen's comment on a draft (lấy ý kiến dự thảo), with the shared civic protections."""

    class Meta:
        model = ConsultationComment
        fields = ["name", "contact", "section", "text"]
        labels = {
            "name": "Họ và tên",
            "contact": "Thư điện tử hoặc số điện thoại (không bắt buộc)",
            "section": "Điều, khoản bạn góp ý (không bắt buộc)",
            "text": "Nội dung góp ý",
        }
        help_texts = {
            "name": "Họ tên có thể được công bố cùng ý kiến nếu cơ quan chọn công bố.",
            "contact": "Để cơ quan liên hệ lại khi cần; không bao giờ công bố.",
            "section": "Ví dụ: Điều 5, khoản 2.",
            "text": "",
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact": forms.TextInput(attrs={"autocomplete": "email"}),
            "text": forms.Textarea(attrs={"rows": 8}),
        }
        error_messages = {
            "name": {"required": "Hãy nhập họ và tên."},
            "text": {"required": "Hãy nhập nội dung góp ý."},
        }
