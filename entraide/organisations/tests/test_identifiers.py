import pytest
from django.core.exceptions import ValidationError

from entraide.organisations.identifiers import clean_rna_number, clean_siren


def test_rna_number_accepts_w_and_nine_digits_in_any_case_and_spacing():
    assert clean_rna_number(" w521 004 321 ") == "W521004321"


@pytest.mark.parametrize(
    "value", ["521004321", "W52100432", "W5210043210", "X521004321", "WABCDEFGHI"]
)
def test_rna_number_refuses_other_shapes_with_an_example(value):
    with pytest.raises(ValidationError, match="W suivi de 9 chiffres"):
        clean_rna_number(value)


def test_siren_with_valid_luhn_is_kept():
    assert clean_siren("732 829 320") == "732829320"


def test_siren_with_wrong_check_digit_is_refused():
    with pytest.raises(ValidationError, match="SIREN n’est pas valide"):
        clean_siren("732829321")


def test_siren_of_wrong_length_is_refused():
    with pytest.raises(ValidationError, match="9 chiffres"):
        clean_siren("12345")


def test_la_poste_siret_is_accepted_although_it_breaks_luhn():
    # La Poste's establishments share SIREN 356000000 and their SIRETs do not follow Luhn.
    assert clean_siren("35600000049837") == "356000000"


def test_ordinary_siret_with_wrong_luhn_is_refused():
    with pytest.raises(ValidationError, match="SIRET n’est pas valide"):
        clean_siren("73282932000075")


def test_empty_identifiers_are_allowed():
    assert clean_rna_number("") == ""
    assert clean_siren("") == ""
