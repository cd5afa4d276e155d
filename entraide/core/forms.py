from typing import Any

from django import forms

from entraide.core.enums import Frequency
from entraide.core.models import NotificationPreference
from entraide.core.notifications import (
    ALWAYS_IMMEDIATE,
    KIND_LABELS,
    default_frequency,
    kinds_received_by,
)


def _field_name(kind: str) -> str:
    return kind.replace(".", "__")


class PreferencesForm(forms.Form):
    """One radio group per kind a person can tune; the time-critical kinds are not offered."""

    def __init__(self, person: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = dict(
            NotificationPreference.objects.filter(person=person).values_list("kind", "frequency")
        )
        self.kinds = [kind for kind in kinds_received_by(person) if kind not in ALWAYS_IMMEDIATE]
        for kind in self.kinds:
            self.fields[_field_name(kind)] = forms.ChoiceField(
                label=str(KIND_LABELS[kind]),
                choices=Frequency.choices,
                initial=current.get(kind, default_frequency(kind)),
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict[str, str]:
        return {kind: self.cleaned_data[_field_name(kind)] for kind in self.kinds}

    @property
    def always_labels(self) -> list[str]:
        return [str(KIND_LABELS[kind]) for kind in KIND_LABELS if kind in ALWAYS_IMMEDIATE]
