"""Contact details: a person's phone number read and written in one form, and the phone numbers
and e-mail addresses that people type into texts others read.

Phones are parsed by Google's libphonenumber (the `phonenumbers` package), French by default:
stored in E.164 (+33612345678), shown to their owner in the national format when they belong
to the French numbering plan (06 12 34 56 78, 0692 12 34 56), international otherwise.
"""

import re

import phonenumbers
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
