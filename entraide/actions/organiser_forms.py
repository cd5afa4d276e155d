"""Forms of an organisation's managers: an action, its slots, who comes.

Times are typed as wall-clock times in the territory's zone (Europe/Paris) and turned into
aware datetimes here, so that 18:00 stays 18:00 across the daylight-saving change."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from entraide.actions import selectors
from entraide.actions.enums import ActionKind, DeclineReason, Skill, WaitlistMode
from entraide.actions.models import Action
from entraide.actions.recurrence import (
    MAX_OCCURRENCES,
    RecurrenceError,
    WeeklyRule,
    expand_weekly,
    local_datetime,
)
from entraide.actions.services import ActionDetails
from entraide.core.contact_details import refuse_contact_details
from entraide.organisations.enums import Interest
from entraide.organisations.models import Organisation
from entraide.territories.geocoder import GeocodingError, geocode
from entraide.territories.models import Commune, Territory

WEEKDAYS = [
    (0, _("lundi")),
    (1, _("mardi")),
    (2, _("mercredi")),
    (3, _("jeudi")),
    (4, _("vendredi")),
    (5, _("samedi")),
    (6, _("dimanche")),
]
MAX_RECURRENCE_SPAN = timedelta(days=366)
CAPACITY_ERRORS = {
    "min_value": _("Indiquez au moins 1 place, ou laissez vide pour ne pas limiter."),
    "invalid": _("Indiquez un nombre entier de places."),
}


def _capacity_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=100000,
        error_messages=CAPACITY_ERRORS,
        help_text=_("Laissez vide pour ne pas limiter. Les accompagnants comptent."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    # Bounded years: date arithmetic near year 9999 would overflow.
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[
            MinValueValidator(date(2000, 1, 1), _("Choisissez une date après l’an 2000.")),
            MaxValueValidator(date(2100, 12, 31), _("Choisissez une date avant 2101.")),
        ],
        **kwargs,
    )


def _time_field(label: Any) -> forms.TimeField:
    return forms.TimeField(
        label=label, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )


def _check_times(form: forms.Form, start_name: str = "start", end_name: str = "end") -> None:
    """An end before the start is the next day (a night maraude, 23:00–01:00); an end at the
    start itself is a mistake."""
    start, end = form.cleaned_data.get(start_name), form.cleaned_data.get(end_name)
    if start is not None and end is not None and end == start:
        form.add_error(end_name, _("Le créneau doit durer : l’heure de fin est celle du début."))


# What every visitor reads of an action: no phone number or e-mail address (people write through
# the site's messaging).
PUBLIC_TEXT_FIELDS = ("title", "description", "accessibility_notes")
# The box ticked to keep a place outside the organisation's territory. It sends the code of the
# commune it was shown for, so that a place changed after the warning is confirmed again.
CONFIRM_PLACE = "confirm_place"


@dataclass(frozen=True)
class PlaceWarning:
    """An action's commune outside its organisation's territory, and the agendas that list it."""

    commune: Commune
    territories: list[Territory]
    input_name: str  # of the confirmation box, which sends the commune's code

    @property
    def message(self) -> str:
        values = {
            "commune": str(self.commune),
            "territories": ", ".join(territory.name for territory in self.territories),
        }
        if not self.territories:
            return str(
                _(
                    "%(commune)s est hors du territoire de votre organisation, et aucun "
                    "territoire ne couvre cette commune : l’action ne sera listée dans "
                    "l’agenda d’aucun territoire, seulement sur la page de votre organisation."
                )
                % values
            )
        return (
            ngettext(
                "%(commune)s est hors du territoire de votre organisation : une fois publiée, "
                "l’action sera listée dans l’agenda de %(territories)s.",
                "%(commune)s est hors du territoire de votre organisation : une fois publiée, "
                "l’action sera listée dans les agendas de %(territories)s.",
                len(self.territories),
            )
            % values
        )


class ActionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"), choices=ActionKind.choices, initial=ActionKind.MISSION,
        widget=forms.RadioSelect,
    )  # fmt: skip
    title = forms.CharField(label=_("Titre"), max_length=150)
    description = forms.CharField(
        label=_("Description"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown accepté : **gras**, *italique*, listes, liens."),
    )
    stream_url = forms.URLField(
        label=_("Lien de la diffusion"),
        required=False,
        assume_scheme="https",
        help_text=_("Obligatoire pour une diffusion en direct."),
    )
    replay_url = forms.URLField(
        label=_("Lien du replay"),
        required=False,
        assume_scheme="https",
        help_text=_("Pour une diffusion : la vidéo à revoir, montrée une fois le direct fini."),
    )
    interests = forms.TypedMultipleChoiceField(
        label=_("Centres d’intérêt"), choices=Interest.choices, coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    skills = forms.TypedMultipleChoiceField(
        label=_("Compétences recherchées"), choices=Skill.choices, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    is_remote = forms.BooleanField(label=_("À distance (en ligne)"), required=False)
    street_address = forms.CharField(
        label=_("Adresse"), required=False, max_length=255,
        help_text=_("Numéro et rue, ou lieu de rendez-vous (facultatif)."),
    )  # fmt: skip
    place = forms.CharField(
        label=_("Code postal ou commune"), required=False, max_length=120,
        help_text=_("Par exemple 52100 ou Saint-Dizier. Obligatoire sauf à distance."),
    )  # fmt: skip
    accessibility_notes = forms.CharField(
        label=_("Accessibilité"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Accès en fauteuil, transports, effort physique demandé…"),
    )  # fmt: skip
    open_to_minors = forms.BooleanField(label=_("Ouverte aux mineurs"), required=False)
    max_companions = forms.IntegerField(
        label=_("Accompagnants par inscription"), min_value=0, max_value=10, initial=0,
        help_text=_("Combien de personnes chacun peut amener (0 : aucune, 10 au plus)."),
    )  # fmt: skip
    requires_approval = forms.BooleanField(
        label=_("Les inscriptions attendent notre accord"), required=False,
        help_text=_("Chaque personne écrit une courte motivation ; vous acceptez ou refusez."),
    )  # fmt: skip
    waitlist_mode = forms.ChoiceField(
        label=_("Quand une place se libère"), choices=WaitlistMode.choices,
        initial=WaitlistMode.OFFER, widget=forms.RadioSelect,
    )  # fmt: skip
    offer_hours = forms.IntegerField(
        label=_("Délai pour confirmer une place proposée (heures)"), min_value=1, max_value=72,
        initial=12, help_text=_("Raccourci automatiquement quand le créneau est proche."),
    )  # fmt: skip

    def __init__(
        self,
        *args: Any,
        organisation: Organisation,
        action: Action | None = None,
        **kwargs: Any,
    ) -> None:
        self.organisation = organisation
        self.action = action
        # Set by clean() when the place needs confirming; the template shows it with the box.
        self.place_warning: PlaceWarning | None = None
        if action is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": action.kind,
                "title": action.title,
                "description": action.description,
                "stream_url": action.stream_url,
                "replay_url": action.replay_url,
                "interests": [i.value for i in action.interest_list],
                "skills": [s.value for s in action.skill_list],
                "is_remote": action.is_remote,
                "street_address": action.street_address,
                "place": action.commune.name,
                "accessibility_notes": action.accessibility_notes,
                "open_to_minors": action.open_to_minors,
                "max_companions": action.max_companions,
                "requires_approval": action.requires_approval,
                "waitlist_mode": action.waitlist_mode,
                "offer_hours": action.offer_hours,
            }
        super().__init__(*args, **kwargs)
        for name in PUBLIC_TEXT_FIELDS:
            self.fields[name].validators.append(refuse_contact_details)

    def clean_place(self) -> Commune | None:
        text = self.cleaned_data["place"].strip()
        if not text:
            return None
        # An unchanged place keeps its commune: a name shared by several communes would
        # otherwise geocode to the most populous one.
        if self.action is not None and text == self.action.commune.name:
            return self.action.commune
        try:
            return geocode(text).commune
        except GeocodingError as error:
            raise ValidationError(str(error)) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        broadcast = data.get("kind") == ActionKind.BROADCAST
        if broadcast and not data.get("stream_url") and "stream_url" not in self.errors:
            self.add_error("stream_url", _("Indiquez le lien où suivre la diffusion en direct."))
        if not data.get("is_remote") and "place" not in self.errors and data.get("place") is None:
            self.add_error("place", _("Indiquez où se passe l’action, ou cochez « À distance »."))
        if "place" not in self.errors:
            self._check_listing(self._listed_commune(data))
        return data

    def _listed_commune(self, data: dict[str, Any]) -> Commune:
        # A remote action still belongs to a commune (its organisation's, unless given), and
        # its slots are listed by it as any other's.
        place: Commune | None = data.get("place")
        return place or self.organisation.commune

    def _check_listing(self, commune: Commune) -> None:
        """A commune outside the organisation's territory is kept only once confirmed, since
        the action is listed where its commune is, not where its organisation is. Asked on
        every edit too: one more tick for the rare action placed away, and the actions placed
        so before this check are read again."""
        if not selectors.is_outside_organisation_territory(self.organisation, commune):
            return
        input_name = self.add_prefix(CONFIRM_PLACE)
        if self.data.get(input_name) == commune.pk:
            return
        territories = selectors.territories_listing(commune)
        self.place_warning = PlaceWarning(commune, territories, input_name)
        self.add_error(
            "place",
            _("Hors du territoire de votre organisation : confirmez ce lieu, ou changez-le."),
        )

    def details(self) -> ActionDetails:
        data = self.cleaned_data
        is_remote = bool(data["is_remote"])
        commune = self._listed_commune(data)
        return ActionDetails(
            kind=data["kind"],
            title=data["title"].strip(),
            description=data["description"],
            commune=commune,
            interests=tuple(data["interests"]),
            skills=tuple(data["skills"]),
            is_remote=is_remote,
            street_address="" if is_remote else data["street_address"].strip(),
            stream_url=data["stream_url"],
            replay_url=data["replay_url"],
            accessibility_notes=data["accessibility_notes"].strip(),
            open_to_minors=bool(data["open_to_minors"]),
            max_companions=data["max_companions"],
            requires_approval=bool(data["requires_approval"]),
            waitlist_mode=data["waitlist_mode"],
            offer_hours=data["offer_hours"],
        )


class SlotForm(forms.Form):
    """One slot: a day, a start, an end (on the next day when earlier than the start), an
    optional capacity. Today's slots start later than now."""

    day = _date_field(_("Date"))
    start = _time_field(_("Début"))
    end = _time_field(_("Fin"))
    capacity = _capacity_field()

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise ValidationError(_("Cette date est passée."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_times(self)
        if not self.errors and self.starts_at <= timezone.now():
            self.add_error(
                "start",
                _("Cette heure est passée : un créneau d’aujourd’hui commence après %(now)s.")
                % {"now": timezone.localtime().strftime("%H:%M")},
            )
        return data

    @property
    def ends_next_day(self) -> bool:
        return bool(self.cleaned_data["end"] < self.cleaned_data["start"])

    @property
    def starts_at(self) -> datetime:
        return local_datetime(self.cleaned_data["day"], self.cleaned_data["start"])

    @property
    def ends_at(self) -> datetime:
        end_day = self.cleaned_data["day"] + timedelta(days=1 if self.ends_next_day else 0)
        return local_datetime(end_day, self.cleaned_data["end"])


class RecurrenceForm(forms.Form):
    """ "Chaque mardi 18:00–20:00 jusqu’au 30 juin": one slot per matching day."""

    weekdays = forms.TypedMultipleChoiceField(
        label=_("Jours"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins un jour de la semaine.")},
    )  # fmt: skip
    start = _time_field(_("Début"))
    end = _time_field(_("Fin"))
    first_day = _date_field(_("À partir du"))
    until = _date_field(_("Jusqu’au"), help_text=_("Un an au plus après le premier jour."))
    capacity = _capacity_field()

    def clean_first_day(self) -> date:
        day: date = self.cleaned_data["first_day"]
        if day < timezone.localdate():
            raise ValidationError(_("Cette date est passée."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_times(self)
        first_day, until = data.get("first_day"), data.get("until")
        if first_day is not None and until is not None:
            if until < first_day:
                self.add_error("until", _("La répétition doit finir après son premier jour."))
            elif until - first_day > MAX_RECURRENCE_SPAN:
                self.add_error("until", _("Une répétition dure un an au plus."))
        if not self.errors:
            try:
                occurrences = expand_weekly(self.rule())
            except RecurrenceError:
                self.add_error(
                    "until",
                    _("Cela ferait plus de %(max)d créneaux : raccourcissez la période.")
                    % {"max": MAX_OCCURRENCES},
                )
            else:
                if not occurrences:
                    self.add_error(
                        "weekdays", _("Aucun de ces jours ne tombe dans la période choisie.")
                    )
        return data

    def rule(self) -> WeeklyRule:
        data = self.cleaned_data
        return WeeklyRule(
            first_day=data["first_day"],
            until=data["until"],
            weekdays=frozenset(data["weekdays"]),
            start=data["start"],
            end=data["end"],
        )


class CapacityForm(forms.Form):
    capacity = _capacity_field()


DECISIONS = [("approve", _("Accepter")), ("decline", _("Refuser"))]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Décision"), choices=DECISIONS)
    reason = forms.ChoiceField(
        label=_("Motif du refus"),
        choices=[("", _("Choisir un motif…")), *DeclineReason.choices],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "decline" and not data.get("reason"):
            self.add_error("reason", _("Choisissez un motif de refus."))
        return data

    @property
    def approve(self) -> bool:
        return bool(self.cleaned_data["decision"] == "approve")


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label=_("Présence"),
        choices=[("yes", _("Présent·e")), ("no", _("Absent·e"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    hours = forms.DecimalField(
        label=_("Heures"), required=False, min_value=Decimal(0), max_value=Decimal(336),
        max_digits=5, decimal_places=2,
        help_text=_("Vide : la durée du créneau."),
        error_messages={
            "min_value": _("Indiquez un nombre d’heures entre 0 et 336."),
            "max_value": _("Indiquez un nombre d’heures entre 0 et 336."),
        },
    )  # fmt: skip


class CancelActionForm(forms.Form):
    reason = forms.CharField(
        label=_("Message aux participants"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Envoyé par e-mail à chaque personne inscrite, avec le motif de l’annulation."),
        error_messages={"required": _("Dites aux participants pourquoi l’action est annulée.")},
    )  # fmt: skip
