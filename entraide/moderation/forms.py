from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.moderation.enums import AppealState, DecisionKind, ReportReason
from entraide.moderation.models import TEXT_MAX


class ReportForm(forms.Form):
    """The notice of DSA Art. 16: a reason, an explanation, the content's address, who reports
    (visitors only: a signed-in person is known) and the statement of good faith."""

    category = forms.ChoiceField(
        label=_("Motif"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Expliquez ce qui pose problème"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    content_url = forms.CharField(
        label=_("Adresse du contenu"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"readonly": True}),
    )
    reporter_name = forms.CharField(label=_("Votre nom"), max_length=120, required=False)
    reporter_email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        required=False,
        help_text=_("Elle sert seulement à vous répondre : elle n’est montrée à personne."),
    )
    good_faith = forms.BooleanField(
        label=_(
            "Je déclare de bonne foi que les informations de ce signalement sont exactes et "
            "complètes."
        ),
    )

    def __init__(self, *args: Any, visitor: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if visitor:
            self.fields["reporter_name"].required = True
            self.fields["reporter_email"].required = True
        else:
            del self.fields["reporter_name"]
            del self.fields["reporter_email"]


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Décision"), choices=DecisionKind.choices)
    reason = forms.CharField(
        label=_("Motif, tel que l’auteur le lira"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rule = forms.CharField(
        label=_("Règle de la charte ou loi appliquée"), max_length=300, required=False
    )
    days = forms.IntegerField(
        label=_("Durée de la suspension (jours)"), min_value=1, max_value=365, required=False
    )

    def __init__(self, *args: Any, allowed: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            c for c in DecisionKind.choices if c[0] in allowed
        ]
        if "suspend" not in allowed:
            del self.fields["days"]


class AppealForm(forms.Form):
    body = forms.CharField(
        label=_("Pourquoi contestez-vous cette décision ?"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AppealMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    private = forms.BooleanField(
        label=_("Note privée (lue par les modérateurs seuls)"), required=False
    )


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Décision sur le recours"),
        choices=[
            (AppealState.UPHELD, _("Maintenir")),
            (AppealState.REVERSED, _("Annuler et rétablir")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Motif"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action (début du nom)"), max_length=100, required=False)
    actor = forms.TypedChoiceField(label=_("Auteur"), coerce=int, required=False, empty_value=None)
    since = forms.DateField(
        label=_("Depuis le"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Jusqu’au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, team: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [("", _("Tous")), *team]  # type: ignore[attr-defined]


class ModeratorForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail de son compte"),
        help_text=_("Pour retrouver la personne : l’adresse n’est affichée nulle part."),
    )


class SettingsForm(forms.Form):
    trusted_reporters = forms.IntegerField(
        label=_("Signalements de membres de confiance qui masquent un contenu (0 : jamais)"),
        min_value=0,
        max_value=50,
    )
    watch_words = forms.CharField(
        label=_("Mots à surveiller (un par ligne)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
