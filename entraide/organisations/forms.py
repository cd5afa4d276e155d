from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from entraide.core.contact_details import refuse_contact_details
from entraide.core.geo import Point
from entraide.core.images import prepare_logo
from entraide.organisations.enums import Interest, OrganisationKind, Role
from entraide.organisations.identifiers import clean_rna_number, clean_siren
from entraide.organisations.models import IdentityChange, Organisation
from entraide.organisations.selectors import DirectorySearch
from entraide.organisations.services import OrganisationProfile
from entraide.territories.geocoder import GeocodingError, geocode
from entraide.territories.models import Territory


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=150)
    kind = forms.ChoiceField(
        label=_("Type"), choices=OrganisationKind.choices, widget=forms.RadioSelect
    )
    short_description = forms.CharField(
        label=_("En une phrase"),
        max_length=200,
        help_text=_("Ce que fait l’organisation, en 200 caractères."),
    )
    description = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown accepté : **gras**, *italique*, listes, liens."),
    )
    interests = forms.TypedMultipleChoiceField(
        label=_("Centres d’intérêt"),
        choices=Interest.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    street_address = forms.CharField(
        label=_("Adresse"),
        required=False,
        max_length=255,
        help_text=_("Numéro et rue (facultatif)."),
    )
    place = forms.CharField(
        label=_("Code postal ou commune"),
        max_length=120,
        help_text=_("Par exemple 52100 ou Saint-Dizier."),
    )
    website = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")
    # A plain file field: Django's ImageField would open the file with Pillow before
    # prepare_logo could check its size, and call a too large image "corrupted".
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("JPEG, PNG, WebP ou GIF, 5 Mo au plus."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )
    remove_logo = forms.BooleanField(label=_("Retirer le logo actuel"), required=False)
    rna_number = forms.CharField(
        label=_("Numéro RNA"), required=False, max_length=20, help_text=_("W suivi de 9 chiffres.")
    )
    siren = forms.CharField(
        label=_("SIREN ou SIRET"), required=False, max_length=20, help_text=_("9 ou 14 chiffres.")
    )

    def __init__(
        self,
        *args: Any,
        organisation: Organisation | None = None,
        identity_change: IdentityChange | None = None,
        **kwargs: Any,
    ) -> None:
        if organisation is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": organisation.name,
                "kind": organisation.kind,
                "short_description": organisation.short_description,
                "description": organisation.description,
                "interests": [i.value for i in organisation.interest_list],
                "street_address": organisation.street_address,
                "place": organisation.commune.name,
                "website": organisation.website,
                "rna_number": organisation.rna_number,
                "siren": organisation.siren,
            }
            if identity_change is not None:
                # The form shows what was asked for, so saving again keeps the request.
                kwargs["initial"] |= {
                    "name": identity_change.name,
                    "kind": identity_change.kind,
                    "place": identity_change.commune.name,
                    "rna_number": identity_change.rna_number,
                    "siren": identity_change.siren,
                }
        super().__init__(*args, **kwargs)
        for name in ("short_description", "description"):
            self.fields[name].validators.append(refuse_contact_details)
        self.prepared_logo: ContentFile | None = None
        if organisation is None or not organisation.logo:
            del self.fields["remove_logo"]

    def clean_place(self) -> Any:
        try:
            return geocode(self.cleaned_data["place"]).commune
        except GeocodingError as error:
            raise ValidationError(str(error)) from error

    def clean_rna_number(self) -> str:
        return clean_rna_number(self.cleaned_data["rna_number"])

    def clean_siren(self) -> str:
        return clean_siren(self.cleaned_data["siren"])

    def clean_logo(self) -> Any:
        upload = self.cleaned_data.get("logo")
        if upload:
            self.prepared_logo = prepare_logo(upload)
        return upload

    def clean_interests(self) -> list[int]:
        interests = self.cleaned_data["interests"]
        if len(interests) > 5:
            raise ValidationError(_("Choisissez au plus 5 centres d’intérêt."))
        return interests

    def profile(self) -> OrganisationProfile:
        data = self.cleaned_data
        return OrganisationProfile(
            name=data["name"].strip(),
            kind=data["kind"],
            short_description=data["short_description"].strip(),
            description=data["description"],
            interests=tuple(data["interests"]),
            street_address=data["street_address"].strip(),
            commune=data["place"],
            website=data["website"],
            rna_number=data["rna_number"],
            siren=data["siren"],
        )


# Blank is every distance (the territory, nearest first); 0 the place's commune alone.
RADIUS_CHOICES = [
    ("", _("Toutes distances")),
    ("0", _("Dans cette commune")),
    ("2", "2 km"),
    ("5", "5 km"),
    ("10", "10 km"),
    ("20", "20 km"),
    ("50", "50 km"),
]


class DirectorySearchForm(forms.Form):
    """Every filter is a query-string parameter, so any search is a shareable link."""

    q = forms.CharField(label=_("Mots"), required=False, max_length=100)
    interest = forms.TypedMultipleChoiceField(
        label=_("Centres d’intérêt"), choices=Interest.choices, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    kind = forms.MultipleChoiceField(
        label=_("Type"),
        choices=OrganisationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    near = forms.CharField(
        label=_("Près de"), required=False, max_length=120, help_text=_("Code postal ou commune.")
    )
    radius = forms.IntegerField(
        label=_("Rayon (km)"), required=False, min_value=0, max_value=settings.ENTRAIDE_MAX_RADIUS_KM,
        widget=forms.Select(choices=RADIUS_CHOICES),
    )  # fmt: skip

    def clean_near(self) -> Any:
        text = self.cleaned_data["near"].strip()
        if not text:
            return None
        try:
            return geocode(text)
        except GeocodingError as error:
            raise ValidationError(str(error)) from error

    def search(self) -> DirectorySearch:
        """The valid filters; an invalid one is left out (its error is shown beside it)."""
        data = getattr(self, "cleaned_data", {})
        place = data.get("near")
        radius = data.get("radius")
        search = DirectorySearch(
            words=data.get("q", ""), interests=data.get("interest", []), kinds=data.get("kind", [])
        )
        if place is not None:
            if radius == 0:
                search.commune = place.commune
            else:
                search.centre = Point(place.point.latitude, place.point.longitude)
                search.radius_km = radius  # None: every distance
        return search


class QueueFilterForm(forms.Form):
    """The staff queues' filter, `?territoire=<slug>`, so that a filtered queue is a link to
    share; only the territories whose queues the person reads are valid."""

    territoire = forms.ModelChoiceField(
        queryset=Territory.objects.none(),
        to_field_name="slug",
        required=False,
        error_messages={
            "invalid_choice": _(
                "Ce territoire n’est pas l’un des vôtres : voici les files de tous vos territoires."
            )
        },
    )

    def __init__(self, *args: Any, territories: QuerySet[Territory], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territoire"].queryset = territories  # type: ignore[attr-defined]

    def chosen(self) -> Territory | None:
        """The valid territory asked for; None for all of them (or a refused one, whose error
        the page shows)."""
        if not self.is_bound or not self.is_valid():
            return None
        territory: Territory | None = self.cleaned_data.get("territoire")
        return territory


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Envoyé à l’organisation, qui pourra corriger et redemander la vérification."),
    )  # fmt: skip


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail de la personne"),
        help_text=_("Utilisée pour cette seule invitation, jamais affichée."),
    )
    role = forms.ChoiceField(
        label=_("Rôle"), choices=[(Role.MEMBER, Role.MEMBER.label), (Role.ADMIN, Role.ADMIN.label)]
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Rôle"), choices=[(Role.MEMBER, Role.MEMBER.label), (Role.ADMIN, Role.ADMIN.label)]
    )


class PartnershipRequestForm(forms.Form):
    partner = forms.SlugField(widget=forms.HiddenInput)
    message = forms.CharField(label=_("Message (facultatif)"), required=False, max_length=500)
