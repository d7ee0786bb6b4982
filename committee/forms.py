"""Admin forms: appointments validated as a set, and the kiện toàn (reorganisation) form."""

import datetime
from itertools import combinations

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.db import transaction
from django.db.models import F
from django.forms.models import BaseInlineFormSet, BaseModelFormSet

from .models import DATE_FORMAT, Appointment, Reorganisation, overlap_message


def _check_overlaps(rows: list[tuple[forms.Form | None, Appointment]]) -> None:
    """Add an error to the later form of every overlapping pair (a None form is a stored row)."""
    for (form_a, a), (form_b, b) in combinations(rows, 2):
        if a.start_date is None or b.start_date is None or not a.overlaps(b):
            continue
        target, other, clash = (form_b, b, a) if form_b is not None else (form_a, a, b)
        if target is not None:
            target.add_error(None, overlap_message(other, clash))


class AppointmentInlineFormSet(BaseInlineFormSet):
    """The appointments of one person, checked together before anything is saved.

    Checking each row against the database alone would refuse the everyday edit "end the old
    appointment and add the new one" in a single save, so the rows are checked as they will be,
    and written so that the database only ever sees rows of that checked set (see save()).
    """

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.defer_overlap_check = True
        return form

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows, edited = [], set()
        for form in self.forms:
            if form.instance.pk:
                edited.add(form.instance.pk)
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            if not form.instance.pk and not form.has_changed():
                continue
            rows.append((form, form.instance))
        if self.instance.pk:
            stored = Appointment.objects.filter(person=self.instance).exclude(pk__in=edited)
            rows += [(None, appointment) for appointment in stored]
        _check_overlaps(rows)

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        with transaction.atomic():
            self._close_rewritten_rows_for_the_write()
            return super().save()

    def _close_rewritten_rows_for_the_write(self) -> None:
        """Give the stored open rows this save rewrites or deletes an empty range first.

        The database allows one open appointment per person, unit and role after every single
        write, while the rows are written one at a time in page order: reopening an earlier row
        before the later one is closed, correcting the role of the successor before ending the
        predecessor, or deleting the open row below a reopened one would each pass through two
        open rows. Closed on their own start date (an empty range, which the end-not-before-start
        check allows) until their own write, those rows clash with nothing, so every write meets
        only rows of the final set that clean() has checked, in whatever order they come.
        """
        rewritten = [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk and (form in self.deleted_forms or form.has_changed())
        ]
        if rewritten:
            Appointment.objects.filter(pk__in=rewritten, end_date__isnull=True).update(
                end_date=F("start_date")
            )


class AppointmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Appointment) -> str:
        label = f"{obj.person} — {obj.role}, {obj.unit} (từ {obj.start_date.strftime(DATE_FORMAT)})"
        if obj.end_date:
            label += f", dự kiến đến {obj.end_date.strftime(DATE_FORMAT)}"
        return label


class ReorganisationForm(forms.ModelForm):
    """The date and the decision of a kiện toàn, and the appointments it ends."""

    end_appointments = AppointmentChoiceField(
        label="Kết thúc các phân công",
        queryset=Appointment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Các phân công được chọn kết thúc vào ngày kiện toàn.",
    )

    class Meta:
        model = Reorganisation
        fields = ["date", "decision", "decision_text", "note"]
        widgets = {
            "date": AdminDateWidget,
            "decision_text": forms.TextInput(attrs={"size": 80}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_appointments"].queryset = (
            Appointment.objects.ongoing()
            .for_listing()
            .order_by("person__full_name", "unit__order", "role__rank")
        )
        # Labels show the number (type and issuing body): joined, not one query per option.
        decision = self.fields["decision"]
        decision.queryset = decision.queryset.select_related("doc_type", "issuing_body").order_by(
            "-issue_date"
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("decision") and not (cleaned.get("decision_text") or "").strip():
            self.add_error(
                "decision_text",
                "Kiện toàn phải căn cứ một quyết định: chọn văn bản trên cổng hoặc ghi số, ngày quyết định.",
            )
        date: datetime.date | None = cleaned.get("date")
        ending = cleaned.get("end_appointments") or []
        if date:
            too_early = [a for a in ending if a.start_date > date]
            if too_early:
                names = "; ".join(f"{a.person} ({a.start_date.strftime(DATE_FORMAT)})" for a in too_early)
                self.add_error(
                    "end_appointments",
                    f"Ngày kiện toàn ({date.strftime(DATE_FORMAT)}) trước ngày bắt đầu của: {names}.",
                )
        return cleaned


class NewAppointmentForm(forms.ModelForm):
    """One appointment started by the kiện toàn: its date and decision come from the kiện toàn."""

    class Meta:
        model = Appointment
        fields = ["person", "unit", "role", "duties", "order"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 2, "cols": 40})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Checked when the kiện toàn is applied, once the ended appointments have their end date.
        self.instance.defer_overlap_check = True


class NewAppointmentFormSet(BaseModelFormSet):
    """The rows a kiện toàn starts; empty rows (no change from their prefill) are skipped."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        # All rows start on the same day with no end: the same person, unit and role twice clash.
        seen = set()
        for form in self.forms:
            if not form.has_changed():
                continue
            a = form.instance
            key = (a.person_id, a.unit_id, a.role_id)
            if key in seen:
                form.add_error(
                    None,
                    f"Trùng thời gian: {a.person} đã có ở dòng trên với chức danh “{a.role}” "
                    f"trong “{a.unit}”.",
                )
            seen.add(key)

    @property
    def started(self) -> list[Appointment]:
        return [form.instance for form in self.forms if form.has_changed()]
