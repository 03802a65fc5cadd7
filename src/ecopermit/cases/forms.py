from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecopermit.cases.states import Step
from ecopermit.cases.vocab import Category, DocumentKind, Kind, ServiceKind
from ecopermit.core.selectors import department_list
from ecopermit.core.widgets import IsoDateInput


def _all(choices):
    return [("", _("All")), *choices]


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Facility name or credit code")}),
    )
    town: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Town/street"), queryset=None, required=False, empty_label=_("All")
    )
    category = forms.ChoiceField(label=_("Category"), choices=_all(Category.choices), required=False)
    step = forms.ChoiceField(label=_("Step"), choices=_all(Step.choices), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, towns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns


class ProblemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Problem"), choices=Kind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    required_action = forms.CharField(
        label=_("Required action"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    department: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Department responsible for pushing"), queryset=None, required=False, empty_label=_("None")
    )
    push_by = forms.DateField(label=_("Push by"), required=False, widget=IsoDateInput())

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = department_list()


class ServiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}))
    provider: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Provided by"), queryset=None, required=False, empty_label=_("None")
    )
    due = forms.DateField(label=_("Due"), required=False, widget=IsoDateInput())

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = department_list()


class NoticeForm(forms.Form):
    deadline = forms.DateField(
        label=_("Deadline"), widget=IsoDateInput(), help_text=_("3 to 12 months after service.")
    )
    served_on = forms.DateField(label=_("Served on"), widget=IsoDateInput())


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File (PDF, PNG or JPEG, at most 20 MB)"))


class ReviewForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Accept")), ("0", _("Return with comments"))],
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TransitionForm(forms.Form):
    target = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
