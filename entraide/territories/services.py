from collections.abc import Iterable

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.core.audit import log_action
from entraide.core.exceptions import ActionRefused
from entraide.territories.models import CharterAcceptance, Commune, Territory, TerritoryCharter
from entraide.territories.rules import is_territory_staff

# A territory's slug is the first segment of its URLs; these belong to the platform itself.
RESERVED_SLUGS = frozenset(
    {
        "admin", "api", "compte", "comptes", "accounts", "membres", "organisations", "associations",
        "messages", "static", "media", "i18n", "verifications", "territoires", "lieux", "actions",
        "agenda", "mon-agenda", "benevolat", "notifications", "hors-ligne", "icones",
        "relations", "groupes", "entraide", "articles", "redaction", "signaler", "moderation",
    }
)  # fmt: skip


def create_territory(
    actor: User | None,
    *,
    name: str,
    slug: str = "",
    commune_codes: Iterable[str],
    description: str = "",
) -> Territory:
    """A territory over a set of communes (by INSEE code). Unknown codes are an error."""
    slug = slug or slugify(name)
    if slug in RESERVED_SLUGS:
        raise ValueError(f"The slug {slug!r} is reserved")
    codes = sorted(set(commune_codes))
    communes = list(Commune.objects.filter(insee_code__in=codes))
    missing = set(codes) - {commune.insee_code for commune in communes}
    if missing:
        raise ValueError(f"Unknown communes: {sorted(missing)}")
    with transaction.atomic():
        territory = Territory.objects.create(name=name, slug=slug, description=description)
        territory.communes.set(communes)
        log_action(actor, "territories.territory.created", territory, communes=len(communes))
    return territory


def add_territory_staff(actor: User | None, territory: Territory, person: User) -> None:
    with transaction.atomic():
        territory.staff.add(person)
        log_action(actor, "territories.staff.added", territory, person=person.pk)


def remove_territory_staff(actor: User | None, territory: Territory, person: User) -> None:
    with transaction.atomic():
        territory.staff.remove(person)
        log_action(actor, "territories.staff.removed", territory, person=person.pk)


# --- The territory's charter ------------------------------------------------------------------

CHARTER_MIN, CHARTER_MAX = 50, 20000


def charter_cache_key(slug: str) -> str:
    return f"territories:charter:{slug}"


def publish_charter(actor: User | None, territory: Territory, *, text: str) -> TerritoryCharter:
    """A new version of the territory's charter, by its staff (or the platform itself: None, for
    the demo data and commands). Every member accepts it again at their next visit of the
    territory; the publisher has accepted it by publishing it."""
    if actor is not None and not is_territory_staff(actor, territory):
        raise PermissionDenied
    text = text.strip()
    if not CHARTER_MIN <= len(text) <= CHARTER_MAX:
        raise ActionRefused(
            _("La charte doit compter entre %(min)d et %(max)d caractères.")
            % {"min": CHARTER_MIN, "max": CHARTER_MAX},
            field="text",
        )
    with transaction.atomic():
        locked = Territory.objects.select_for_update().get(pk=territory.pk)
        version = locked.charter_version + 1
        charter = TerritoryCharter.objects.create(
            territory=locked, version=version, text=text, published_by=actor
        )
        locked.charter_version = version
        locked.save(update_fields=["charter_version"])
        territory.charter_version = version
        if actor is not None:
            CharterAcceptance.objects.create(person=actor, charter=charter)
        log_action(actor, "territories.charter.published", locked, version=version)
        # The pages' gate reads the version in force from the cache (charter_gate).
        transaction.on_commit(lambda: cache.delete(charter_cache_key(locked.slug)))
    return charter


def accept_charter(actor: User, territory: Territory, *, version: int) -> CharterAcceptance:
    """The person accepts the version they read, which must still be the one in force (a newer
    one published meanwhile is read first). Accepting twice changes nothing."""
    if not actor.is_authenticated:
        raise PermissionDenied
    with transaction.atomic():
        # The version in force now, not the one the page was read with.
        in_force = Territory.objects.filter(pk=territory.pk).values_list("charter_version")[:1]
        charter = TerritoryCharter.objects.filter(territory=territory, version=in_force).first()
        if charter is None or version != charter.version:
            raise ActionRefused(_("La charte vient de changer : lisez sa nouvelle version."))
        acceptance, created = CharterAcceptance.objects.get_or_create(person=actor, charter=charter)
        if created:
            log_action(actor, "territories.charter.accepted", territory, version=version)
    return acceptance


def accept_charters_at_signup(person: User) -> list[CharterAcceptance]:
    """The sign-up form's required box: the person accepts the charter in force of every
    territory that has one (a platform opens few territories; ADR 0044)."""
    with transaction.atomic():
        charters = TerritoryCharter.objects.filter(
            territory__charter_version__gt=0, version=F("territory__charter_version")
        ).select_related("territory")
        acceptances = []
        for charter in charters:
            acceptance, created = CharterAcceptance.objects.get_or_create(
                person=person, charter=charter
            )
            if created:
                log_action(person, "territories.charter.accepted", charter.territory,
                           version=charter.version, at_signup=True)  # fmt: skip
            acceptances.append(acceptance)
    return acceptances
