from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.community.enums import Admission, GroupRole, Visibility
from entraide.community.models import MAX_SPONSORS_REQUIRED, Group
from entraide.community.services import (
    CHARTER_MAX,
    NAME_MAX,
    REASON_MAX,
    SENTENCE_MAX,
)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Nom du groupe"), max_length=NAME_MAX)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    visibility = forms.ChoiceField(
        label=_("Visibilité"),
        choices=Visibility.choices,
        initial=Visibility.MEMBERS,
        widget=forms.RadioSelect,
    )
    admission = forms.ChoiceField(
        label=_("Admission"),
        choices=Admission.choices,
        initial=Admission.APPROVAL,
        widget=forms.RadioSelect,
    )
    sponsors_required = forms.IntegerField(
        label=_("Parrains nécessaires (admission sur parrainage)"),
        min_value=1,
        max_value=MAX_SPONSORS_REQUIRED,
        initial=1,
    )
    approval_after_sponsorship = forms.BooleanField(
        label=_("Un administrateur valide aussi après les parrainages"), required=False
    )
    anti_collusion = forms.BooleanField(
        label=_("Les parrains d’une personne ne doivent pas tous venir du même parrain"),
        required=False,
    )
    accountability = forms.BooleanField(
        label=_("Un parrain dont deux filleuls sont exclus en un an ne parraine plus"),
        required=False,
        initial=True,
    )
    join_questions = forms.CharField(
        label=_("Questions posées à qui demande à entrer"),
        help_text=_("Une question par ligne, cinq au plus. Laissez vide pour n’en poser aucune."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    charter = forms.CharField(
        label=_("Charte du groupe"),
        help_text=_("Chaque membre l’accepte en entrant, et de nouveau à chaque nouvelle version."),
        max_length=CHARTER_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def questions(self) -> list[str]:
        return [line for line in self.cleaned_data.get("join_questions", "").splitlines()]


class JoinForm(forms.Form):
    """One field per question of the group, then the charter."""

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, question in enumerate(group.join_questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
            )
        self.fields["accept_charter"] = forms.BooleanField(
            label=_("J’ai lu la charte du groupe et je l’accepte")
        )

    def answers(self) -> list[str]:
        return [
            self.cleaned_data.get(name, "") for name in self.fields if name.startswith("answer_")
        ]


class SponsorForm(forms.Form):
    sentence = forms.CharField(
        label=_("Pourquoi vous vous portez garant·e de cette personne"),
        help_text=_("Une courte phrase, lue par les membres du groupe."),
        max_length=SENTENCE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif"),
        help_text=_(
            "Gardé dans le journal du groupe ; le contenu de la personne n’est pas effacé."
        ),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif (facultatif)"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=GroupRole.choices)


class CharterForm(forms.Form):
    text = forms.CharField(
        label=_("Nouvelle version de la charte"),
        max_length=CHARTER_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
