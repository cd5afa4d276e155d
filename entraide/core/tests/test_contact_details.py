"""Finding the phone numbers and e-mail addresses people type into texts others read."""

import pytest

from entraide.core.contact_details import contact_details_in, mask_contact_details


def found(text: str) -> list[tuple[str, str]]:
    return [(detail.kind, detail.text) for detail in contact_details_in(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Appelez-moi au 06 12 34 56 78 le soir.", [("phone", "06 12 34 56 78")]),
        ("Tél. 06.12.34.56.78", [("phone", "06.12.34.56.78")]),
        ("tel:0612345678", [("phone", "0612345678")]),
        ("Joignable au +33 6 12 34 56 78", [("phone", "+33 6 12 34 56 78")]),
        ("Le bureau : 03 25 05 12 34.", [("phone", "03 25 05 12 34")]),
        ("Depuis la Belgique : +32 2 555 12 12", [("phone", "+32 2 555 12 12")]),
    ],
)
def test_phone_numbers_are_found_as_they_were_written(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Écrivez à camille.dupont@example.org !", "camille.dupont@example.org"),
        ("contact : prenom [at] domaine.fr", "prenom [at] domaine.fr"),
        ("prenom(arobase)domaine(point)fr", "prenom(arobase)domaine(point)fr"),
        ("jean arobase free.fr", "jean arobase free.fr"),
        ("[m’écrire](mailto:lea@asso-52.fr)", "lea@asso-52.fr"),
        ("Léa : léa.noël@exemple.fr.", "léa.noël@exemple.fr"),
    ],
)
def test_email_addresses_are_found_also_spelled_out(text, expected):
    assert found(text) == [("email", expected)]


@pytest.mark.parametrize(
    "text",
    [
        "Rendez-vous le 12/03 à 14h30, 52100 Saint-Dizier, 3 €",
        "Association déclarée, RNA W123456789.",
        "SIRET 732 829 320 00074, SIREN 732829320",
        "Du 01/02/2026 au 03/04/2026, de 9 h à 12 h, 1 200 € récoltés",
        "Le 12.03.2026 à 18:30, salle 2, 15 à 20 personnes",
        "Suivez @mairie sur les réseaux, version 2.0 @ 3.5",
        "Entre 10 et 12 ans, 52100 et 52101, 0,50 € le café",
    ],
)
def test_dates_times_postcodes_prices_and_registration_numbers_are_not_contact_details(text):
    assert found(text) == []


def test_masking_replaces_each_contact_detail_and_keeps_the_rest():
    text = "Merci ! Mon 06 12 34 56 78 ou lea@example.org, à mardi 14h30."

    assert mask_contact_details(text) == (
        "Merci ! Mon [coordonnées masquées, à lire sur le site] ou "
        "[coordonnées masquées, à lire sur le site], à mardi 14h30."
    )
