from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from entraide.accounts.enums import PublicNameStyle
from entraide.accounts.models import User
from entraide.accounts.services import PUBLIC_TEXT_FIELDS
from entraide.core.contact_details import phone_for_owner, phone_in_e164, refuse_contact_details
from entraide.core.exceptions import ActionRefused
from entraide.territories.geocoder import GeocodingError, geocode

# Set on the sign-up's request when its charter box was ticked.
CHARTERS_ACCEPTED_ATTRIBUTE = "entraide_accepted_charters"


class SignupDetailsForm(forms.Form):
    """What allauth's sign-up asks beyond e-mail and password."""

    first_name = forms.CharField(label=_("Prénom"), max_length=80)
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=80,
        required=False,
        help_text=_("Les autres ne voient que l’initiale, sauf si vous choisissez autrement."),
    )

    accept_charter = forms.BooleanField(
        label=_("J’accepte la charte des territoires"),
        help_text=_(
            "Bienveillance, aucun propos haineux, ni publicité ni revente de vos données : "
            "chaque territoire publie sa charte sur sa page « Charte »."
        ),
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        # allauth saves the user right after this hook; the territories record the charters
        # accepted once it is saved (territories/account_receivers.py).
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        setattr(request, CHARTERS_ACCEPTED_ATTRIBUTE, True)


class ProfileForm(forms.ModelForm):
    commune = forms.CharField(
        label=_("Commune"),
        required=False,
        help_text=_(
            "Un code postal ou un nom de commune. Seule la commune est montrée aux autres."
        ),
    )

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "public_name_style",
            "pseudonym",
            "phone",
            "street_address",
            "bio",
            "shows_participations_to_connections",
        ]
        widgets = {
            "public_name_style": forms.RadioSelect,
            "bio": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "phone": _("Visible de vous seul·e."),
            "street_address": _("Visible de vous seul·e."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.home_commune_id and not self.is_bound:
            self.initial["commune"] = self.instance.home_commune.name
        if not self.is_bound:
            self.initial["phone"] = phone_for_owner(self.instance.phone)
        for field in PUBLIC_TEXT_FIELDS:
            self.fields[field].validators.append(refuse_contact_details)

    def clean_phone(self) -> str:
        try:
            return phone_in_e164(self.cleaned_data["phone"])
        except ActionRefused as refusal:
            raise forms.ValidationError(refusal.message) from refusal

    def clean_commune(self) -> Any:
        query = self.cleaned_data["commune"].strip()
        if not query:
            return None
        try:
            return geocode(query).commune
        except GeocodingError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("public_name_style") == PublicNameStyle.PSEUDONYM
            and not cleaned.get("pseudonym", "").strip()
        ):
            self.add_error("pseudonym", _("Choisissez un pseudonyme, ou un autre nom affiché."))
        return cleaned
