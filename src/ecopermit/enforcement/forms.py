from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ecopermit.core.widgets import IsoDateInput
from ecopermit.enforcement.models import EvidenceKind, ExecutionKind, RoundResult, TransferKind
from ecopermit.enforcement.rules import fines, procedure
from ecopermit.enforcement.states import Status

TEXT2 = forms.Textarea(attrs={"rows": 2})
TEXT3 = forms.Textarea(attrs={"rows": 3})


def article_choices(with_blank: bool = False) -> list[tuple[str, str | Promise]]:
    """Articles with a fine range (art. 38 is the daily penalty, art. 44 a transfer)."""
    out: list[tuple[str, str | Promise]] = [
        (str(a.no), f"{a.label_zh} {a.title_zh}") for a in fines.articles() if a.has_fine_range
    ]
    return [("", _("All")), *out] if with_blank else out


def item_choices() -> list[tuple[str, str]]:
    return [
        (f"{a.no}.{i.no}", f"{a.label_zh}（{i.no}）{i.text_zh}")
        for a in fines.articles()
        if a.has_fine_range
        for i in a.items
    ]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Facility or number"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Status.choices])
    town: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Town/street"), queryset=None, required=False, empty_label=_("All")
    )
    article = forms.TypedChoiceField(
        label=_("Article"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=article_choices(with_blank=True),
    )

    def __init__(self, *args, towns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns


class ViolationForm(forms.Form):
    violation = forms.ChoiceField(label=_("Violation (条例 article and item)"), choices=item_choices)
    facts = forms.CharField(label=_("Facts of the violation"), widget=TEXT3)
    occurrences = forms.IntegerField(
        label=_("Occurrences"),
        min_value=1,
        initial=1,
        help_text=_("Art. 37 is fined per occurrence; 1 for every other article."),
    )
    serious = forms.BooleanField(label=_("Serious circumstances (art. 35)"), required=False)

    def split(self) -> tuple[int, int]:
        article, item = self.cleaned_data["violation"].split(".")
        return int(article), int(item)


class FileForm(ViolationForm):
    facility: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Facility"), queryset=None)
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[
            ("inspection", _("Inspection")),
            ("complaint", _("Complaint")),
            ("monitoring", _("Monitoring")),
            ("manual", _("Entered by hand")),
        ],
    )
    source_ref = forms.CharField(label=_("Source reference"), required=False, max_length=100)
    filed_on = forms.DateField(label=_("Filed on"), widget=IsoDateInput())

    field_order = [
        "facility",
        "source",
        "source_ref",
        "filed_on",
        "violation",
        "facts",
        "occurrences",
        "serious",
    ]

    def __init__(self, *args, facilities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    description = forms.CharField(label=_("Evidence description"), widget=TEXT2)
    collected_on = forms.DateField(label=_("Collected on"), widget=IsoDateInput())
    reference = forms.CharField(label=_("Reference"), required=False, max_length=100)
    file = forms.FileField(label=_("File (optional, at most 20 MB)"), required=False)


class NoticeForm(forms.Form):
    amount = forms.DecimalField(label=_("Proposed fine (yuan)"), max_digits=14, decimal_places=2, min_value=0)
    factors = forms.MultipleChoiceField(
        label=_("Discretion factors"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (f.code, f"{'＋' if f.direction == 'aggravating' else '－'} {f.text_zh}（{f.source_zh}）")
            for f in procedure.FACTORS
        ],
    )
    discretion_note = forms.CharField(label=_("Reasons for the amount"), required=False, widget=TEXT2)
    served_on = forms.DateField(label=_("Served on"), widget=IsoDateInput())
    offer_hearing = forms.BooleanField(
        label=_("Offer a hearing even below the threshold"),
        required=False,
        help_text=_("A fine above 200,000 yuan or a heavier measure always carries the hearing right."),
    )


class StatementForm(forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=IsoDateInput())
    text = forms.CharField(label=_("Statement and defence"), required=False, widget=TEXT3)
    adopted = forms.BooleanField(label=_("Adopted after review"), required=False)
    waived = forms.BooleanField(label=_("The party waived the right in writing"), required=False)


class HearingRequestForm(forms.Form):
    requested_on = forms.DateField(label=_("Hearing requested on"), widget=IsoDateInput())


class HearingForm(forms.Form):
    held_on = forms.DateField(label=_("Hearing held on"), widget=IsoDateInput())
    record = forms.CharField(label=_("Hearing record"), widget=TEXT3)


class DecisionForm(forms.Form):
    amount = forms.DecimalField(label=_("Fine decided (yuan)"), max_digits=14, decimal_places=2, min_value=0)
    reason = forms.CharField(label=_("Reasons"), required=False, widget=TEXT2)
    decided_on = forms.DateField(label=_("Decided on"), widget=IsoDateInput())
    served_on = forms.DateField(label=_("Decision served on"), widget=IsoDateInput())


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=TEXT2)


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, widget=TEXT2)


class ExecutionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ExecutionKind.choices)
    on = forms.DateField(label=_("Date"), widget=IsoDateInput())
    amount = forms.DecimalField(
        label=_("Amount paid (yuan)"), max_digits=14, decimal_places=2, required=False
    )
    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=100,
        help_text=_("Receipt number; for the court: its name and the docket number."),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class TransferForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TransferKind.choices)
    transferred_on = forms.DateField(label=_("Transferred on"), widget=IsoDateInput())
    organ = forms.CharField(label=_("Receiving organ"), max_length=100, initial="舟山市公安局定海分局")
    reference = forms.CharField(label=_("Reference"), required=False, max_length=100)
    note = forms.CharField(label=_("Note"), required=False, widget=TEXT2)
    # The form metaclass moves declared fields into base_fields: this never shadows BaseForm.files.
    files = forms.FileField(  # type: ignore[assignment]  # django-stubs: declared fields typed as class attributes
        label=_("Documents transferred"), required=False, widget=MultipleFileInput()
    )


class OrderForm(forms.Form):
    served_on = forms.DateField(label=_("Order to correct served on"), widget=IsoDateInput())
    order_number = forms.CharField(label=_("Order number"), required=False, max_length=50)


class ReinspectForm(forms.Form):
    reinspected_on = forms.DateField(label=_("Re-inspected on"), widget=IsoDateInput())
    result = forms.ChoiceField(
        label=_("Result"), choices=[c for c in RoundResult.choices if c[0] != RoundResult.PENDING]
    )
    corrected_on = forms.DateField(
        label=_("Corrected on (if corrected)"), required=False, widget=IsoDateInput()
    )


class RoundDecideForm(forms.Form):
    decided_on = forms.DateField(label=_("Decided on"), widget=IsoDateInput())


class RoundNoticeForm(forms.Form):
    served_on = forms.DateField(label=_("Notice served on"), widget=IsoDateInput())
    offer_hearing = forms.BooleanField(
        label=_("Offer a hearing even below the threshold"),
        required=False,
        help_text=_("A fine above 200,000 yuan or a heavier measure always carries the hearing right."),
    )


class EmptyForm(forms.Form):
    """A step that needs only the button (the hearing waiver)."""
