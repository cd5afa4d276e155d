"""A small territory seen on a phone: Saint-Dizier with a verified association, a few actions
(one with long words for the week view), a findable volunteer and a conversation. Shared by the
layout browser tests and the screenshot command's tests."""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from conftest import PASSWORD
from entraide.actions.models import Action
from entraide.actions.tests.factories import make_action
from entraide.core.week import Period, bit
from entraide.organisations.enums import Interest
from entraide.organisations.models import Organisation
from entraide.organisations.tests.factories import make_organisation
from entraide.volunteers import services as volunteer_services

WIDTHS = (375, 768, 1280)


@dataclass
class PhoneWorld:
    organisation: Organisation
    action: Action  # open to all, no approval: "Je participe" confirms at once
    others: list[Action]


def next_tuesday_evening() -> datetime:
    day = timezone.localdate() + timedelta(days=2)
    day += timedelta(days=(1 - day.weekday()) % 7)
    return timezone.make_aware(datetime.combine(day, time(18)))


def build_phone_world(
    association_admin: Any, staff: Any, saint_dizier: Any, outsider: Any
) -> PhoneWorld:
    organisation = make_organisation(
        association_admin, saint_dizier, name="Les Jardins partagés", verified_by=staff
    )
    make_organisation(
        association_admin, saint_dizier, name="Handball bragard", verified_by=staff,
        interests=(Interest.SPORT,), short_description="Le handball pour toutes et tous.",
    )  # fmt: skip
    tuesday = next_tuesday_evening()

    def at(starts_at: datetime, **details: Any) -> Action:
        return make_action(
            association_admin, organisation, starts_in=starts_at - timezone.now(), **details
        )

    action = at(tuesday, title="Chantier au jardin partagé", interests=[Interest.ENVIRONMENT])
    others = [
        at(tuesday + timedelta(days=1), title="Rencontres champêtres intergénérationnelles",
           interests=[Interest.ENVIRONMENT]),
        at(tuesday + timedelta(days=2), title="Entraînement de handball", interests=[Interest.SPORT]),
    ]  # fmt: skip
    volunteer_services.set_discoverable(
        outsider,
        volunteer_services.save_profile(
            outsider,
            volunteer_services.ProfileDetails(
                home_commune=saint_dizier, week_mask=bit(1, Period.EVENING),
                presentation="Disponible le mardi soir.",
            ),
        ),
        discoverable=True,
    )  # fmt: skip
    return PhoneWorld(organisation=organisation, action=action, others=others)


def log_in(page: Any, live_server: Any, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/comptes/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/comptes/login/).*$"))


def new_page(browser: Any, width: int, height: int = 800, **options: Any) -> Any:
    """A fresh context at this size (bypass_csp lets axe-core in); close its `.context`."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, bypass_csp=True, locale="fr-FR", **options
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def is_on_first_screen(page: Any, selector: str) -> bool:
    """Whether the element is wholly inside the viewport without scrolling."""
    return bool(
        page.evaluate(
            """(selector) => {
                const box = document.querySelector(selector).getBoundingClientRect();
                return window.scrollY === 0 && box.top >= 0 && box.bottom <= window.innerHeight
                       && box.height > 0;
            }""",
            selector,
        )
    )
