"""The admin's login is limited like the site's: guessing a superuser's password at /admin/
is no easier than at /comptes/login/."""

import pytest
from django.test import Client

from entraide.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def superuser():
    return UserFactory(
        email="admin@example.org", first_name="Ada", is_staff=True, is_superuser=True
    )


def _try(client: Client, password: str):
    return client.post(ADMIN_LOGIN, {"username": "admin@example.org", "password": password})


def test_the_right_password_opens_the_admin(client, superuser):
    response = _try(client, PASSWORD)

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_wrong_password_says_so_and_opens_nothing(client, superuser):
    response = _try(client, "mauvais")

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_the_sixth_attempt_after_five_wrong_passwords_is_refused_even_with_the_right_one(
    client, superuser
):
    for _ in range(5):
        assert _try(client, "mauvais").status_code == 200

    sixth = _try(client, PASSWORD)

    assert sixth.status_code == 200
    assert "Trop de tentatives" in sixth.content.decode()
    assert client.get("/admin/").status_code == 302


def test_failures_at_the_site_login_count_at_the_admin_too(client, superuser):
    for _ in range(5):
        client.post("/comptes/login/", {"login": "admin@example.org", "password": "mauvais"})

    assert "Trop de tentatives" in _try(client, PASSWORD).content.decode()


def test_a_member_who_is_not_staff_cannot_open_the_admin(client):
    UserFactory(email="camille@example.org")

    response = client.post(ADMIN_LOGIN, {"username": "camille@example.org", "password": PASSWORD})

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
