"""Contact details: a person's phone number read and written in one form, and the phone numbers
and e-mail addresses that people type into texts others read.

Phones are parsed by Google's libphonenumber (the `phonenumbers` package), French by default:
stored in E.164 (+33612345678), shown to their owner in the national format when they belong
to the French numbering plan (06 12 34 56 78, 0692 12 34 56), international otherwise.
"""

import re
from dataclasses import dataclass
from typing import Literal

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from entraide.core.exceptions import ActionRefused

DEFAULT_REGION = "FR"
# Mainland France and the overseas departments and collectivities dialled as 0… from France.
FRENCH_PLAN_REGIONS = frozenset({"FR", "RE", "YT", "GP", "BL", "MF", "GF", "MQ", "PM"})
# What a person may type around the digits of their number; anything else (letters, markup)
# is refused rather than guessed around, as phonenumbers' lenient parser would.
PHONE_CHARACTERS = re.compile(r"[0-9+\s.\-/()\u00a0\u202f]{1,40}")


def phone_in_e164(text: str) -> str:
    """The number typed by a person as E.164, or "" for an empty field; ActionRefused (on the
    field `phone`) when it is not a number that can be dialled."""
    text = text.strip()
    if not text:
        return ""
    if PHONE_CHARACTERS.fullmatch(text):
        try:
            number = phonenumbers.parse(text, DEFAULT_REGION)
        except phonenumbers.NumberParseException:
            number = None
        if number is not None and phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise ActionRefused(
        _(
            "Ce numéro de téléphone n’est pas valide : écrivez par exemple 06 12 34 56 78, ou avec l’indicatif pour l’outre-mer et l’étranger (+262 692 12 34 56, +32 2 555 12 12)."
        ),
        field="phone",
    )


def phone_for_owner(stored: str) -> str:
    """How a stored number reads to its owner. A value stored before numbers were checked and
    that does not parse is shown as it is, so that its owner sees it and can correct it."""
    try:
        number = phonenumbers.parse(stored, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return stored
    if not phonenumbers.is_valid_number(number):
        return stored
    if phonenumbers.region_code_for_number(number) in FRENCH_PLAN_REGIONS:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# --- Contact details typed into texts others read ------------------------------------------

# "@" or its spelled-out forms: "[at]", "(arobase)", " arobase ", "{chez}".
_AT = r"(?:\s*@\s*|\s*[\[({]\s*(?:at|arobase|chez)\s*[\])}]\s*|\s+arobase\s+)"
# "." or "[dot]", "(point)".
_DOT = r"(?:\.|\s*[\[({]\s*(?:dot|point)\s*[\])}]\s*)"
# Every repeat is bounded (by the lengths e-mail addresses allow) so that a long word without
# an address costs a bounded scan from each position, never a runaway backtracking.
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
EMAIL = re.compile(
    rf"[\w%+-]{{1,64}}(?:\.[\w%+-]{{1,64}}){{0,8}}{_AT}{_LABEL}(?:{_DOT}{_LABEL}){{0,8}}{_DOT}[a-z]{{2,24}}\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ContactDetail:
    """A phone number or an e-mail address found in a text, as it was written there."""

    kind: Literal["phone", "email"]
    text: str
    start: int
    end: int


def contact_details_in(text: str) -> list[ContactDetail]:
    """The phone numbers (libphonenumber's matcher, French numbers by default, so dates, times,
    postcodes, prices, SIREN/SIRET and RNA numbers are not taken for phones) and the e-mail
    addresses, plain or spelled out ("prenom [at] domaine.fr"), in the order of the text."""
    found = [
        ContactDetail("phone", match.raw_string, match.start, match.end)
        for match in phonenumbers.PhoneNumberMatcher(text, DEFAULT_REGION)
    ]
    found += [
        ContactDetail("email", match.group(), match.start(), match.end())
        for match in EMAIL.finditer(text)
    ]
    return sorted(found, key=lambda detail: detail.start)


def refusal_message(detail: ContactDetail) -> str:
    if detail.kind == "phone":
        message = _(
            "Retirez le numéro de téléphone « %(found)s » : ce texte est public, et personne n’y voit de coordonnées. On vous écrit par la messagerie du site."
        )
    else:
        message = _(
            "Retirez l’adresse e-mail « %(found)s » : ce texte est public, et personne n’y voit de coordonnées. On vous écrit par la messagerie du site."
        )
    return message % {"found": detail.text}


def refuse_contact_details(text: str) -> None:
    """A form field's validator for a text others read: ValidationError naming the first phone
    number or e-mail address found."""
    found = contact_details_in(text or "")
    if found:
        raise ValidationError(refusal_message(found[0]), code="contact_details")


def check_public_texts(**texts: str) -> None:
    """The services' guard on texts others read, by field name: ActionRefused on the field of
    the first phone number or e-mail address found, so the API and the demo cannot bypass
    what the forms refuse."""
    for field, text in texts.items():
        found = contact_details_in(text or "")
        if found:
            raise ActionRefused(refusal_message(found[0]), field=field)


def mask_contact_details(text: str) -> str:
    """The text with each phone number and e-mail address replaced by a mark: for a private
    message's preview that leaves the site in an e-mail."""
    masked, position = [], 0
    for detail in contact_details_in(text):
        if detail.start < position:  # an address whose digits also read as a phone
            continue
        masked += [text[position : detail.start], _("[coordonnées masquées, à lire sur le site]")]
        position = detail.end
    masked.append(text[position:])
    return "".join(masked)
