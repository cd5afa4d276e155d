"""What the groups add to a territory's front page (core.page_sections): its public groups.
Only public ones: a members-only group is listed in the groups' own list, where its visitor
learns it is closed, but a front page invites anyone in; a secret group exists for its
members alone (community.rules.can_see_group)."""

from django.db.models import Count, Q, QuerySet

from entraide.community.enums import MembershipState, Visibility
from entraide.community.models import Group
from entraide.core.page_sections import TERRITORY_HOME, PageSection, register_page_section
from entraide.territories.models import Territory

HOME_GROUPS = 6


def public_groups_in(territory: Territory, count: int = HOME_GROUPS) -> QuerySet[Group]:
    """The territory's public groups, the most members first: one query."""
    return (
        Group.objects.filter(territory=territory, visibility=Visibility.PUBLIC)
        .annotate(
            active_members=Count("memberships", filter=Q(memberships__state=MembershipState.ACTIVE))
        )
        .only("name", "slug", "admission", "visibility")
        .order_by("-active_members", "name", "pk")[:count]
    )


def register() -> None:
    register_page_section(
        PageSection(
            page=TERRITORY_HOME,
            order=40,
            template_name="community/territory_home_section.html",
            context=lambda request, territory: {"public_groups": list(public_groups_in(territory))},
        )
    )
