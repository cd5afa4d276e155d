from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.db.models import Count, F, Q
from django.utils import timezone

from entraide.accounts.models import User
from entraide.actions.enums import ActionKind, ActionStatus, ParticipationStatus
from entraide.actions.models import Action, Participation, Slot
from entraide.demo.agenda import OrganisationInfo, plan_agenda
from entraide.demo.generator import (
    DEMO_PASSWORD,
    JARDINS_NAME,
    Area,
    CommuneInfo,
    demo_areas,
    organisation_names,
    plan_demo,
)
from entraide.organisations.enums import (
    OrganisationKind,
    PartnershipStatus,
    Role,
    VerificationStatus,
)
from entraide.organisations.identifiers import clean_rna_number, clean_siren
from entraide.organisations.models import Membership, Organisation, Partnership
from entraide.territories.models import CharterAcceptance, Territory

# The demo is loaded once for this module (conftest.py): each loaded database is asserted on at
# length rather than loaded again per fact.


def test_load_demo_creates_two_territories_and_about_300_organisations(demo: str) -> None:
    statuses = list(Organisation.objects.values_list("status", flat=True))
    saint_dizier = Organisation.objects.in_territory(Territory.objects.get(slug="saint-dizier"))
    paris = Organisation.objects.in_territory(Territory.objects.get(slug="paris"))
    associations = Organisation.objects.filter(kind=OrganisationKind.ASSOCIATION)
    registered = Organisation.objects.filter(
        kind__in=[OrganisationKind.COMPANY, OrganisationKind.INSTITUTION]
    )

    assert sorted(Territory.objects.values_list("slug", flat=True)) == ["paris", "saint-dizier"]
    assert Territory.objects.get(slug="saint-dizier").communes.count() == 60
    assert Territory.objects.get(slug="paris").communes.count() == 21
    assert 280 <= len(statuses) <= 320
    assert statuses.count(VerificationStatus.VERIFIED) >= 0.85 * len(statuses)
    assert 5 <= statuses.count(VerificationStatus.PENDING) <= 40
    assert 2 <= statuses.count(VerificationStatus.REJECTED) <= 3
    # Every organisation lies in a territory; both get a good share, spread by population.
    assert Organisation.objects.filter(commune__territories__isnull=True).count() == 0
    assert saint_dizier.count() >= 100
    assert paris.count() >= 150
    assert saint_dizier.filter(commune_id="52448").count() >= 30
    assert paris.values("commune").distinct().count() == 20  # every arrondissement
    # Identifiers pass the form's own validation; websites never point at a real domain.
    assert all(clean_rna_number(o.rna_number) == o.rna_number for o in associations)
    assert {o.rna_number[:3] for o in associations} == {"W51", "W52", "W75"}
    assert all(clean_siren(o.siren) == o.siren != "" for o in registered)
    assert not Organisation.objects.filter(
        Q(website__gt="") & ~Q(website__startswith="https://example.org/")
    ).exists()


def test_load_demo_gives_the_personas_their_roles(demo: str) -> None:
    jardins = Organisation.objects.get(name=JARDINS_NAME)
    partnership = Partnership.objects.get(requester=jardins)
    owner = Membership.objects.get(organisation=jardins, role=Role.OWNER)
    camille = Membership.objects.get(organisation=jardins, person__email="camille@demo.entraide.fr")
    sophie_staffs = Territory.objects.filter(staff__email="sophie@demo.entraide.fr")

    assert (jardins.commune_id, jardins.status) == ("52448", VerificationStatus.VERIFIED)
    assert owner.person.email == "alex@demo.entraide.fr"
    assert camille.role == Role.MEMBER
    assert partnership.status == PartnershipStatus.ACCEPTED
    assert partnership.partner.commune_id == "52448"
    assert sorted(sophie_staffs.values_list("slug", flat=True)) == ["paris", "saint-dizier"]
    assert all(user.check_password(DEMO_PASSWORD) for user in User.objects.all())
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == User.objects.count()
    assert User.objects.get(email="admin@demo.entraide.fr").is_superuser
    # Each territory's charter, published by its staff, accepted by the personas.
    assert sorted(Territory.objects.values_list("slug", "charter_version")) == [
        ("paris", 1), ("saint-dizier", 1)
    ]  # fmt: skip
    assert CharterAcceptance.objects.filter(person__email="camille@demo.entraide.fr").count() == 2
    # The names are the seed's: the pure plan gives them again, twice alike.
    planned = organisation_names(1, demo_areas())
    assert planned == organisation_names(1, demo_areas())
    assert sorted(Organisation.objects.values_list("name", flat=True)) == sorted(
        [*planned, JARDINS_NAME]
    )


def test_plan_demo_same_seed_same_plan_other_seed_other_plan() -> None:
    area = Area(
        communes=(
            CommuneInfo("52448", "Saint-Dizier", 22858, "52"),
            CommuneInfo("52104", "Chancenay", 1100, "52"),
            CommuneInfo("75111", "Paris 11e Arrondissement", 142583, "75"),
        ),
        organisations=30,
        rejected=1,
    )

    assert plan_demo(7, [area]) == plan_demo(7, [area])
    assert organisation_names(7, [area]) != organisation_names(8, [area])
    assert len(set(organisation_names(7, [area]))) == 30


def test_load_demo_publishes_actions_over_the_next_three_months(demo: str) -> None:
    now = timezone.now()
    slots = Slot.objects.all()
    camille = Participation.objects.filter(person__email="camille@demo.entraide.fr")
    crowded = Slot.objects.filter(capacity__isnull=False, seats_taken=F("capacity")).filter(
        participations__status=ParticipationStatus.WAITLISTED
    )
    broadcasts = Action.objects.filter(kind=ActionKind.BROADCAST)

    assert 300 <= Action.objects.count() <= 800
    assert 2000 <= slots.count() <= 6000
    assert set(Action.objects.values_list("status", flat=True)) == {ActionStatus.PUBLISHED}
    assert not slots.filter(is_listed=False).exists()
    assert not slots.filter(Q(starts_at__lte=now) | Q(starts_at__gt=now + timedelta(days=93)))
    # Weekly rendez-vous, a few live broadcasts, approval and minors' actions all show.
    assert Action.objects.annotate(n=Count("slots")).filter(n__gte=8).count() >= 50
    assert 3 <= broadcasts.count() <= 60
    assert all(
        a.is_remote and a.stream_url.startswith("https://example.org/live/") for a in broadcasts
    )
    assert Action.objects.filter(requires_approval=True).exists()
    assert Action.objects.filter(open_to_minors=True).exists()
    assert Slot.objects.filter(capacity__isnull=True).exists()
    assert Action.objects.filter(organisation__status=VerificationStatus.VERIFIED).count() == (
        Action.objects.count()
    )
    # Camille's agenda: three Saturday mornings, one waiting list, one request; a full slot.
    assert sorted(camille.values_list("status", flat=True)) == sorted(
        [ParticipationStatus.CONFIRMED] * 3
        + [ParticipationStatus.WAITLISTED, ParticipationStatus.PENDING]
    )
    assert crowded.distinct().count() >= 3


def test_plan_agenda_same_seed_same_plan() -> None:
    organisations = [
        OrganisationInfo(JARDINS_NAME, (1,), "Saint-Dizier"),
        OrganisationInfo("Épicerie solidaire des Tilleuls", (0, 9), "Saint-Dizier"),
        OrganisationInfo("Club de handball de Paris 11e", (3,), "Paris 11e Arrondissement"),
    ]
    first_day = date(2026, 3, 2)

    plan = plan_agenda(1, organisations, first_day)

    assert plan == plan_agenda(1, organisations, first_day)
    assert plan != plan_agenda(2, organisations, first_day)
    assert [p.title for p in plan if p.organisation == 0] == [
        "Chantier collectif du samedi matin",
        "Atelier compost du mardi soir",
        "Troc de graines et de plants",
    ]
