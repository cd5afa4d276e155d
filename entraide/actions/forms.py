"""The citizen's forms: the agenda's filters, "Je participe" and a cancellation."""

from datetime import date
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from entraide.actions.agenda import (
    AgendaQuestion,
    AgendaSearch,
    year_problem,
)
from entraide.actions.enums import ActionKind, CancellationReason, Skill
from entraide.actions.models import Action
from entraide.core.geo import Point
from entraide.core.week import DAY_NAMES, PERIOD_NAMES
from entraide.organisations.enums import Interest
from entraide.territories.geocoder import GeocodingError, Place, geocode
from entraide.territories.models import Territory

HALF_DAY_CHOICES = [
    (f"{day}-{period}", f"{DAY_NAMES[day]} {PERIOD_NAMES[period]}")
    for day in range(7)
    for period in range(3)
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class AgendaSearchForm(forms.Form):
    """Every filter is a query-string parameter, so any search is a shareable link."""

    q = forms.CharField(label=_("Mots"), required=False, max_length=100)
    near = forms.CharField(
        label=_("Près de"), required=False, max_length=120, help_text=_("Code postal ou commune.")
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    # The texts say 200 km: ENTRAIDE_MAX_RADIUS_KM, kept literal so that they stay translatable.
    radius = forms.IntegerField(
        label=_("Rayon (km)"), required=False, min_value=1, max_value=settings.ENTRAIDE_MAX_RADIUS_KM,
        help_text=_("De 1 à 200 km ; 10 km si vous ne précisez pas."),
        error_messages={"max_value": _("Le rayon va de 1 à 200 km."),
                        "min_value": _("Le rayon va de 1 à 200 km."),
                        "invalid": _("Indiquez un rayon en kilomètres, par exemple 10.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip
    interest = forms.TypedMultipleChoiceField(
        label=_("Centres d’intérêt"), choices=Interest.choices, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    skill = forms.TypedMultipleChoiceField(
        label=_("Compétences"), choices=Skill.choices, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    kind = forms.MultipleChoiceField(
        label=_("Type"), choices=ActionKind.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    remote = forms.BooleanField(label=_("À distance uniquement"), required=False)
    minors = forms.BooleanField(label=_("Ouvertes aux mineurs"), required=False)
    when = forms.MultipleChoiceField(
        label=_("Mes disponibilités"), choices=HALF_DAY_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    places = forms.BooleanField(label=_("Seulement s’il reste des places"), required=False)
    order = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=[("date", _("Date")), ("distance", _("Distance")), ("relevance", _("Pertinence"))],
    )
    view = forms.ChoiceField(
        required=False,
        choices=[("list", _("Liste")), ("week", _("Semaine")), ("map", _("Carte"))],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: these two fields are added by name.
        self.fields["from"] = forms.DateField(
            label=_("Du"), required=False, widget=DateInput(),
            error_messages={"invalid": _("Indiquez une date, par exemple 2026-03-03.")},
        )  # fmt: skip
        self.fields["to"] = forms.DateField(
            label=_("Au"), required=False, widget=DateInput(),
            error_messages={"invalid": _("Indiquez une date, par exemple 2026-03-31.")},
        )  # fmt: skip

    def _clean_year(self, name: str) -> date | None:
        value: date | None = self.cleaned_data.get(name)
        problem = year_problem(value) if value is not None else None
        if problem:
            raise ValidationError(problem)
        return value

    def clean_from(self) -> date | None:
        return self._clean_year("from")

    def clean_to(self) -> date | None:
        return self._clean_year("to")

    def clean_near(self) -> Place | None:
        text = self.cleaned_data["near"].strip()
        if not text:
            return None
        try:
            return geocode(text)
        except GeocodingError as error:
            raise ValidationError(str(error)) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The years are checked by their fields; the dates' order by the question.
        problem = self._question(None).problems().get("to")
        if problem and "to" in data:
            self.add_error("to", problem)
        return data

    # What the page shows about the search.

    @property
    def view_name(self) -> str:
        view = getattr(self, "cleaned_data", {}).get("view")
        return view if view in ("list", "week", "map") else "list"

    @property
    def centre(self) -> Point | None:
        data = getattr(self, "cleaned_data", {})
        if data.get("lat") is not None and data.get("lon") is not None:
            return Point(data["lat"], data["lon"])
        place = data.get("near")
        return place.point if place is not None else None

    @property
    def first_day(self) -> date | None:
        return getattr(self, "cleaned_data", {}).get("from")

    def _question(self, territory: Territory | None) -> AgendaQuestion:
        data = getattr(self, "cleaned_data", {})
        return AgendaQuestion(
            words=data.get("q", ""),
            centre=self.centre,
            radius_km=data.get("radius"),
            interests=data.get("interest", []),
            skills=data.get("skill", []),
            kinds=data.get("kind", []),
            remote_only=bool(data.get("remote")),
            minors_only=bool(data.get("minors")),
            with_places_left=bool(data.get("places")),
            first_day=data.get("from"),
            last_day=data.get("to"),
            half_days=data.get("when", []),
            order=data.get("order") or "date",
            territory=territory,
        )

    def search(self, territory: Territory | None) -> AgendaSearch:
        """The valid filters; an invalid one is left out (its error is shown to the person)."""
        return self._question(territory).search()


class JoinForm(forms.Form):
    """ "Je participe": companions and, when the organisation approves sign-ups, a motivation."""

    companions = forms.TypedChoiceField(
        label=_("Personnes qui m’accompagnent"), coerce=int, required=False
    )
    motivation = forms.CharField(
        label=_("Quelques mots sur votre motivation"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("L’organisation les lit avant d’accepter votre inscription."),
    )

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        if action.max_companions:
            cast(forms.ChoiceField, self.fields["companions"]).choices = [
                (n, str(n)) for n in range(action.max_companions + 1)
            ]
            self.fields["companions"].initial = 0
        else:
            del self.fields["companions"]
        if not action.requires_approval:
            del self.fields["motivation"]

    @property
    def chosen_companions(self) -> int:
        return int(self.cleaned_data.get("companions") or 0)

    @property
    def given_motivation(self) -> str:
        return str(self.cleaned_data.get("motivation") or "")


class CancellationForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Pourquoi ?"),
        choices=CancellationReason.choices,
        widget=forms.RadioSelect,
        initial=CancellationReason.UNAVAILABLE,
    )
    detail = forms.CharField(
        label=_("Un mot pour l’organisation (facultatif)"),
        required=False,
        max_length=300,
    )
