from collections.abc import Iterable

from django.db import transaction
from django.utils.text import slugify

from entraide.accounts.models import User
from entraide.core.audit import log_action
from entraide.territories.models import Commune, Territory

# A territory's slug is the first segment of its URLs; these belong to the platform itself.
RESERVED_SLUGS = frozenset(
    {
        "admin", "api", "compte", "comptes", "accounts", "membres", "organisations", "associations",
        "messages", "static", "media", "i18n", "verifications", "territoires", "lieux", "actions",
        "agenda", "mon-agenda", "benevolat", "notifications", "hors-ligne", "icones",
        "relations", "groupes", "entraide", "articles", "redaction",
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
