"""Forms of mutual aid: they shape the input; the rules are the services' (a form that lets a
tampered value through meets the same refusal there)."""

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import User
from entraide.aid.enums import CATEGORIES_OF_KIND, AidAudience, AidCategory, AidKind
from entraide.aid.models import DEFAULT_DURATION, LONGEST_DURATION, TEXT_MAX, THANKS_MAX, TITLE_MAX
from entraide.community.enums import MembershipState
from entraide.community.models import Group
from entraide.core.contact_details import refuse_contact_details
from entraide.territories.geocoder import GeocodingError, geocode


def _category_choices() -> list[tuple[str, Any]]:
    labels = dict(AidCategory.choices)
    return [
        (str(AidKind(kind).label), [(value, labels[value]) for value in values])
        for kind, values in CATEGORIES_OF_KIND.items()
    ]


class AidRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Je publie"), choices=AidKind.choices, widget=forms.RadioSelect
    )
    category = forms.ChoiceField(label=_("Catégorie"), choices=_category_choices)
    title = forms.CharField(label=_("Titre"), max_length=TITLE_MAX)
    text = forms.CharField(
        label=_("Texte"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ni adresse, ni téléphone, ni e-mail : on vous répond par la messagerie."),
    )
    price = forms.DecimalField(
        label=_("Prix (€), pour une vente"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
    )
    commune = forms.CharField(
        label=_("Commune"),
        max_length=120,
        help_text=_("Un code postal ou un nom de commune : jamais d’adresse."),
    )
    ends_on = forms.DateField(
        label=_("Circule jusqu’au"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("14 jours par défaut, 90 au plus."),
        # Left empty, the 14 days the help text promises.
        required=False,
    )
    audience = forms.ChoiceField(
        label=_("Qui la reçoit"),
        choices=AidAudience.choices,
        initial=AidAudience.CONNECTIONS,
        widget=forms.RadioSelect,
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Et dans mes groupes"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    image = forms.FileField(label=_("Une image (facultative)"), required=False)

    def __init__(self, *args: Any, author: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = author.group_memberships.filter(state=MembershipState.ACTIVE).values("group_id")
        groups = self.fields["groups"]
        assert isinstance(groups, forms.ModelMultipleChoiceField)
        groups.queryset = Group.objects.filter(pk__in=active).order_by("name")
        self.fields["title"].validators.append(refuse_contact_details)
        self.fields["text"].validators.append(refuse_contact_details)
        if not self.is_bound:
            self.initial["ends_on"] = (timezone.localdate() + DEFAULT_DURATION).isoformat()
            if author.home_commune is not None:
                self.initial["commune"] = author.home_commune.place_query

    def clean_commune(self) -> Any:
        try:
            return geocode(self.cleaned_data["commune"]).commune
        except GeocodingError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_ends_on(self) -> Any:
        ends_on = self.cleaned_data["ends_on"]
        today = timezone.localdate()
        if ends_on is None:
            return today + DEFAULT_DURATION
        if ends_on < today:
            raise forms.ValidationError(_("Choisissez une date de fin à venir."))
        if ends_on > today + LONGEST_DURATION:
            raise forms.ValidationError(
                _("Une demande circule %(days)d jours au plus.") % {"days": LONGEST_DURATION.days}
            )
        return ends_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, category = cleaned.get("kind"), cleaned.get("category")
        if kind and category and category not in CATEGORIES_OF_KIND[kind]:
            self.add_error("category", _("Choisissez une catégorie de ce type."))
        return cleaned

    def ends_at(self) -> datetime:
        """The end of the chosen day, in the site's time zone."""
        day = self.cleaned_data["ends_on"]
        end = datetime.combine(day, time(23, 59), tzinfo=timezone.get_current_timezone())
        return min(end, timezone.now() + LONGEST_DURATION + timedelta(hours=23))


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Votre réponse"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Elle ouvre une conversation avec l’auteur dans votre messagerie ; "
            "vos coordonnées ne sont pas communiquées."
        ),
    )


class ResolveForm(forms.Form):
    thanked = forms.TypedMultipleChoiceField(
        label=_("Je remercie"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    thanks = forms.CharField(
        label=_("Un mot de remerciement (facultatif, affiché sur la demande)"),
        max_length=THANKS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, helpers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        thanked = self.fields["thanked"]
        assert isinstance(thanked, forms.MultipleChoiceField)
        thanked.choices = helpers
        self.fields["thanks"].validators.append(refuse_contact_details)


class FilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("Demandes et propositions")), *AidKind.choices],
        required=False,
    )
    km = forms.TypedChoiceField(
        label=_("Distance"),
        choices=[("", _("Toutes distances")), ("5", "5 km"), ("10", "10 km"), ("30", "30 km")],
        coerce=int,
        empty_value=None,
        required=False,
    )
