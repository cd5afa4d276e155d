"""The volunteer's profile form, the association-side search form and the proposal form."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.actions.enums import Skill
from entraide.actions.models import Action
from entraide.core.contact_details import refuse_contact_details
from entraide.core.geo import Point
from entraide.core.week import DAY_NAMES, PERIOD_NAMES, bit, mask_of_half_days
from entraide.organisations.enums import Interest
from entraide.organisations.models import Organisation
from entraide.territories.geocoder import GeocodingError, geocode
from entraide.territories.models import Commune
from entraide.volunteers.enums import PeriodKind
from entraide.volunteers.models import VolunteerProfile
from entraide.volunteers.selectors import VolunteerSearch
from entraide.volunteers.services import MAX_TRAVEL_KM, ProfileDetails

MAX_MONTHLY_PROPOSALS = 30
MAX_PERIODS = 20
PERIOD_PREFIX = "periods"


class WeekGrid(forms.Widget):
    """7 days × matin/après-midi/soir of checkboxes in a real table. Each box is wrapped in its
    label ("mardi soir"), so the whole cell is a tap target on a phone; the value sent is
    `when=<day>-<period>`, one per ticked half-day."""

    template_name = "volunteers/widgets/week_grid.html"

    def format_value(self, value: Any) -> set[str]:
        if isinstance(value, int):
            return {f"{d}-{p}" for d in range(7) for p in range(3) if value & bit(d, p)}
        return {str(item) for item in value or ()}

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        ticked = context["widget"]["value"]
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["periods"] = PERIOD_NAMES
        context["rows"] = [
            {
                "day": day_name,
                "cells": [
                    {
                        "value": f"{day}-{period}",
                        "id": f"{base_id}_{day}_{period}",
                        "label": f"{day_name} {period_name}",
                        "checked": f"{day}-{period}" in ticked,
                    }
                    for period, period_name in enumerate(PERIOD_NAMES)
                ],
            }
            for day, day_name in enumerate(DAY_NAMES)
        ]
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return list(data.getlist(name)) if hasattr(data, "getlist") else list(data.get(name, []))

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an empty grid is a real answer: "no half-day"

    def id_for_label(self, id_: str) -> str:
        return ""  # the grid has a legend, not one label


class WeekGridField(forms.Field):
    """The grid's ticked half-days as the 21-bit week mask of core/week.py."""

    widget = WeekGrid

    def to_python(self, value: Any) -> int:
        if isinstance(value, int):
            return value
        try:
            return mask_of_half_days(value or ())
        except ValueError as error:
            raise ValidationError(_("Cette case de disponibilité n’existe pas.")) from error

    def has_changed(self, initial: Any, data: Any) -> bool:
        return self.to_python(initial or 0) != self.to_python(data)


def place_label(commune: Commune) -> str:
    """What the place field shows back: "52100 Saint-Dizier", which geocodes to the same
    commune (a bare name could name a more populous homonym)."""
    postcode = commune.postcodes.replace(",", " ").split()[:1]
    return f"{postcode[0]} {commune.name}" if postcode else commune.name


def geocode_commune(text: str) -> Commune:
    try:
        return geocode(text).commune
    except GeocodingError as error:
        raise ValidationError(str(error)) from error


class ProfileForm(forms.Form):
    place = forms.CharField(
        label=_("Code postal ou commune"),
        max_length=120,
        help_text=_(
            "Votre commune seulement, jamais votre adresse : par exemple 52100 ou Saint-Dizier."
        ),
    )
    travel_km = forms.IntegerField(
        label=_("Jusqu’où êtes-vous prêt·e à vous déplacer (km) ?"),
        min_value=1,
        max_value=MAX_TRAVEL_KM,
        initial=10,
    )
    when = WeekGridField(
        label=_("Quand êtes-vous disponible chaque semaine ?"),
        required=False,
        help_text=_("Cochez les demi-journées où vous êtes généralement libre."),
    )
    interests = forms.TypedMultipleChoiceField(
        label=_("Centres d’intérêt"), choices=Interest.choices, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    skills = forms.TypedMultipleChoiceField(
        label=_("Compétences"), choices=Skill.choices, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    presentation = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=2000,
        validators=[refuse_contact_details],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Quelques mots sur vous et ce que vous aimez faire. Markdown accepté : "
            "**gras**, *italique*, listes. N’y mettez ni adresse e-mail ni téléphone."
        ),
    )
    monthly_proposals = forms.IntegerField(
        label=_("Propositions d’associations acceptées par mois"),
        min_value=0,
        max_value=MAX_MONTHLY_PROPOSALS,
        initial=3,
        help_text=_("Au-delà, vous n’apparaissez plus dans les recherches jusqu’au mois suivant."),
    )
    discoverable = forms.BooleanField(
        label=_("Les associations vérifiées peuvent me trouver et me proposer des actions"),
        required=False,
    )

    def __init__(self, *args: Any, profile: VolunteerProfile | None = None, **kwargs: Any) -> None:
        if profile is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "interests": [i.value for i in profile.interest_list],
                "skills": [s.value for s in profile.skill_list],
                "when": profile.week_mask,
                "place": place_label(profile.home_commune),
                "travel_km": profile.travel_km,
                "presentation": profile.presentation,
                "monthly_proposals": profile.monthly_proposals,
                "discoverable": profile.discoverable,
            }
        super().__init__(*args, **kwargs)
        if profile is not None and profile.discoverable and profile.discoverable_changed_at:
            since = timezone.localtime(profile.discoverable_changed_at)
            self.fields["discoverable"].help_text = _(
                "Activé depuis le %(date)s. Vous pouvez le désactiver à tout moment."
            ) % {"date": f"{since:%d/%m/%Y}"}
        else:
            self.fields["discoverable"].help_text = _(
                "Désactivé : aucune association ne vous trouve. Votre choix et sa date sont "
                "enregistrés ; vous pouvez le changer à tout moment."
            )

    def clean_place(self) -> Commune:
        return geocode_commune(self.cleaned_data["place"])

    def details(self) -> ProfileDetails:
        data = self.cleaned_data
        return ProfileDetails(
            home_commune=data["place"],
            interests=tuple(data["interests"]),
            skills=tuple(data["skills"]),
            week_mask=data["when"],
            travel_km=data["travel_km"],
            presentation=data["presentation"],
            monthly_proposals=data["monthly_proposals"],
        )


class PeriodForm(forms.Form):
    # A blank first choice, so that the empty row left for a new period stays unchanged
    # (and is ignored) unless the person fills it.
    kind = forms.ChoiceField(label=_("Je suis"), choices=[("", "—"), *PeriodKind.choices])
    starts_on = forms.DateField(label=_("du"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("au"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La période doit finir le jour de son début ou après."))
        return data


PeriodFormSet = forms.formset_factory(
    PeriodForm, extra=1, can_delete=True, max_num=MAX_PERIODS, validate_max=True
)


def period_formset(
    data: Any = None, *, profile: VolunteerProfile | None, add_row: bool = False
) -> Any:
    """The periods formset: one blank row to add a period; `add_row` (the "Ajouter une période"
    button, without JavaScript) re-displays what was typed with one more blank row."""
    initial = (
        [
            {"kind": p.kind, "starts_on": p.starts_on, "ends_on": p.ends_on}
            for p in profile.periods.all()
        ]
        if profile is not None
        else []
    )
    if data is not None and add_row:
        data = data.copy()
        total = f"{PERIOD_PREFIX}-TOTAL_FORMS"
        try:
            data[total] = str(min(int(data.get(total, 0)) + 1, MAX_PERIODS))
        except ValueError:
            data[total] = "1"
    return PeriodFormSet(data, initial=initial, prefix=PERIOD_PREFIX)


def periods_of(formset: Any) -> list[tuple[str, date, date]]:
    """The rows kept (filled and not marked for removal) of a valid formset."""
    return [
        (form.cleaned_data["kind"], form.cleaned_data["starts_on"], form.cleaned_data["ends_on"])
        for form in formset.forms
        if form.cleaned_data
        and not form.cleaned_data.get("DELETE")
        and form.cleaned_data.get("starts_on")
    ]


DEFAULT_RADIUS_KM = 10
RADIUS_CHOICES = [
    ("2", "2 km"),
    ("5", "5 km"),
    ("10", "10 km"),
    ("20", "20 km"),
    ("50", "50 km"),
    ("100", "100 km"),
]


class VolunteerSearchForm(forms.Form):
    """Every filter is a query-string parameter, so a search is a shareable link."""

    near = forms.CharField(
        label=_("Autour de"),
        required=False,
        max_length=120,
        help_text=_("Code postal ou commune ; vide : autour de l’organisation."),
    )
    radius = forms.TypedChoiceField(
        label=_("Rayon"),
        choices=RADIUS_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
    )
    interest = forms.TypedMultipleChoiceField(
        label=_("Centres d’intérêt"), choices=Interest.choices, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    skill = forms.TypedMultipleChoiceField(
        label=_("Compétences"), choices=Skill.choices, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    when = WeekGridField(label=_("Disponible le…"), required=False)
    available_from = forms.DateField(
        label=_("Disponible du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    available_to = forms.DateField(
        label=_("au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(label=_("Mots de la présentation"), required=False, max_length=100)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        # The radius select always shows the radius in force: 10 km unless another is asked.
        if data is not None and not data.get("radius"):
            data = data.copy()
            data["radius"] = str(DEFAULT_RADIUS_KM)
        kwargs.setdefault("initial", {"radius": str(DEFAULT_RADIUS_KM)})
        super().__init__(data, **kwargs)

    def clean_near(self) -> Commune | None:
        text = self.cleaned_data["near"].strip()
        return geocode_commune(text) if text else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("available_from"), data.get("available_to")
        if start and end and end < start:
            self.add_error("available_to", _("Cette date doit suivre la première."))
        return data

    def search(self, organisation: Organisation) -> VolunteerSearch:
        """The valid filters; a field in error is left out (its message shows beside it)."""
        data = getattr(self, "cleaned_data", {})
        commune = data.get("near")
        centre = (
            Point(commune.latitude, commune.longitude)
            if commune is not None
            else Point(organisation.latitude, organisation.longitude)
        )
        start, end = data.get("available_from"), data.get("available_to")
        if start and end and end < start:
            start = end = None
        if start or end:
            # One date alone means that very day (from) or from today (to).
            start, end = start or timezone.localdate(), end or start
        return VolunteerSearch(
            centre=centre,
            radius_km=data.get("radius") or DEFAULT_RADIUS_KM,
            interests=list(data.get("interest") or []),
            skills=list(data.get("skill") or []),
            week_mask=data.get("when") or 0,
            available_from=start,
            available_to=end,
            words=data.get("q") or "",
        )


class ProposalForm(forms.Form):
    action = forms.ModelChoiceField(
        label=_("Action proposée"),
        queryset=Action.objects.none(),
        required=False,
        empty_label=_("Aucune : un simple message"),
    )
    subject = forms.CharField(label=_("Objet"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "La personne vous répondra par la messagerie du site : ni son adresse ni la vôtre "
            "ne sont communiquées."
        ),
    )

    def __init__(self, *args: Any, actions: QuerySet[Action], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = actions  # type: ignore[attr-defined]
