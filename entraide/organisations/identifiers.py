"""French identifiers of organisations, validated with messages a treasurer understands."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

RNA = re.compile(r"^W\d{9}$")


def clean_rna_number(value: str) -> str:
    """RNA: the letter W then 9 digits (W521004321). No checksum exists."""
    number = re.sub(r"[\s.-]", "", value or "").upper()
    if not number:
        return ""
    if not RNA.match(number):
        raise ValidationError(
            _("Un numéro RNA s’écrit W suivi de 9 chiffres, par exemple W521004321."), code="rna"
        )
    return number


def clean_siren(value: str) -> str:
    """A SIREN (9 digits) or a SIRET (14 digits, of which the SIREN is the start), Luhn-checked.
    La Poste's SIRETs do not follow Luhn; python-stdnum knows the exception."""
    number = re.sub(r"[\s.-]", "", value or "")
    if not number:
        return ""
    if not number.isdigit() or len(number) not in (9, 14):
        raise ValidationError(
            _("Un SIREN compte 9 chiffres (ou un SIRET 14 chiffres)."), code="siren_length"
        )
    if len(number) == 14:
        if not stdnum_siret.is_valid(number):
            raise ValidationError(
                _("Ce numéro SIRET n’est pas valide : vérifiez les chiffres."), code="siret"
            )
        return number[:9]
    if not stdnum_siren.is_valid(number):
        raise ValidationError(
            _("Ce numéro SIREN n’est pas valide : vérifiez les chiffres."), code="siren"
        )
    return number
