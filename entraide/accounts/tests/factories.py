"""People for the tests, built the way sign-up leaves them: an account whose e-mail is verified."""

from typing import Any

import factory
from allauth.account.models import EmailAddress

from entraide.accounts.models import User

PASSWORD = "motdepasse-solide-42"


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A verified member (primary, verified allauth `EmailAddress`); `verified=False` for one
    who has not clicked the link yet. Log in with `PASSWORD`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"membre{n}@example.org")
    first_name = factory.Sequence(lambda n: f"Membre{n}")
    last_name = "Durand"

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        password = kwargs.pop("password", PASSWORD)
        return model_class.objects.create_user(*args, password=password, **kwargs)

    @factory.post_generation
    def verified(person: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if not create:
            return
        EmailAddress.objects.create(
            user=person, email=person.email, primary=True, verified=extracted is not False
        )
