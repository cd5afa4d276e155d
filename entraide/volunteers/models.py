from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.actions.enums import Skill
from entraide.organisations.enums import Interest
from entraide.volunteers.enums import PeriodKind

# The words of a profile's presentation kept for search, in characters (ASCII: as many bytes).
# They sit in an entry of the search's covering index, which PostgreSQL limits to 2,704 bytes
# with the other columns; a 2,000-character presentation may unfold into more (docs/decisions/0016).
SEARCH_DOCUMENT_LIMIT = 2000


class VolunteerProfile(models.Model):
    """What a citizen offers: interests, skills, weekly availability (the 21-bit mask of
    core/week.py), home commune (never a street) and how far they travel. Associations find the
    profile only while `discoverable` is on, which the person switches on themselves (consent)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_profile"
    )
    interests = models.PositiveIntegerField(_("centres d’intérêt"), default=0)
    skills = models.PositiveIntegerField(_("compétences"), default=0)
    week_mask = models.PositiveIntegerField(_("disponibilités"), default=0)
    home_commune = models.ForeignKey(
        "territories.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    latitude = models.FloatField()
    longitude = models.FloatField()
    cell = models.PositiveIntegerField(db_index=True)
    travel_km = models.PositiveSmallIntegerField(_("distance acceptée (km)"), default=10)
    presentation = models.TextField(_("présentation"), blank=True, max_length=2000)
    search_document = models.TextField(blank=True, editable=False)
    discoverable = models.BooleanField(_("les associations peuvent me trouver"), default=False)
    discoverable_changed_at = models.DateTimeField(null=True, blank=True)
    monthly_proposals = models.PositiveSmallIntegerField(
        _("propositions acceptées par mois"), default=3
    )
    last_proposal_at = models.DateTimeField(null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profil bénévole")
        verbose_name_plural = _("profils bénévoles")
        indexes = [
            # Covers the association-side search (bench: docs/benchmarks.md): the candidates of a
            # few cells are filtered and ordered from the index alone, without reading the rows.
            models.Index(
                # `discoverable` too, although the condition implies it: SQLite uses an index
                # as covering only when it holds every column the query names. The words last:
                # a word search tests them on the index entries instead of fetching every row
                # of the place (docs/decisions/0016).
                fields=["cell", "travel_km", "latitude", "longitude", "interests", "skills",
                        "week_mask", "last_proposal_at", "monthly_proposals", "id",
                        "discoverable", "search_document"],
                condition=models.Q(discoverable=True),
                name="volunteer_search_cover_idx",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return str(self.person)

    @property
    def interest_list(self) -> list[Interest]:
        return Interest.from_mask(self.interests)

    @property
    def skill_list(self) -> list[Skill]:
        return Skill.from_mask(self.skills)


class AvailabilityPeriod(models.Model):
    """Dates when the person is available (beyond the weekly pattern) or away."""

    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(max_length=10, choices=PeriodKind.choices)
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))

    class Meta:
        ordering = ["starts_on"]
        indexes = [
            models.Index(
                fields=["profile", "kind", "starts_on", "ends_on"], name="period_profile_kind_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on}–{self.ends_on}"


class Proposal(models.Model):
    """An organisation contacting a volunteer found in the search: counted against the
    volunteer's monthly limit, never twice for the same action."""

    profile = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="proposals"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    action = models.ForeignKey(
        "actions.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["profile", "created_at"], name="proposal_profile_idx")]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.profile}"
