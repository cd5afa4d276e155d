import math

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from entraide.organisations.enums import (
    IdentityChangeStatus,
    Interest,
    InvitationStatus,
    OrganisationKind,
    PartnershipStatus,
    Role,
    VerificationStatus,
)


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def verified(self) -> "OrganisationQuerySet":
        return self.filter(status=VerificationStatus.VERIFIED)

    def with_any_interest(self, interests: list[int]) -> "OrganisationQuerySet":
        mask = Interest.mask_of(interests)
        if not mask:
            return self
        return self.alias(interest_match=F("interests").bitand(mask)).filter(interest_match__gt=0)

    def in_territory(self, territory: models.Model) -> "OrganisationQuerySet":
        return self.filter(commune__territories=territory)


class Organisation(models.Model):
    """An association, a collective, an institution, a company or a professional."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("nom"), max_length=150)
    kind = models.CharField(
        _("type"),
        max_length=16,
        choices=OrganisationKind.choices,
        default=OrganisationKind.ASSOCIATION,
    )
    short_description = models.CharField(_("en une phrase"), max_length=200)
    description = models.TextField(_("présentation"), blank=True, max_length=10000)
    interests = models.PositiveIntegerField(_("centres d’intérêt"), default=0, db_index=True)
    street_address = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "territories.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    latitude = models.FloatField()
    longitude = models.FloatField()
    website = models.URLField(_("site web"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/%Y/", blank=True)
    rna_number = models.CharField(_("numéro RNA"), max_length=10, blank=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    status = models.CharField(
        _("vérification"),
        max_length=10,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
        db_index=True,
    )
    status_reason = models.TextField(_("motif"), blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    search_document = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "latitude", "longitude"], name="organisation_place_idx"),
            models.Index(fields=["status", "commune"], name="organisation_commune_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", args=[self.slug])

    @property
    def is_verified(self) -> bool:
        return self.status == VerificationStatus.VERIFIED

    @property
    def distance_km(self) -> float | None:
        """Set when the organisation comes from a search around a point (see core.geo)."""
        distance_sq = getattr(self, "distance_sq", None)
        return math.sqrt(distance_sq) if distance_sq is not None else None

    @property
    def interest_list(self) -> list[Interest]:
        return Interest.from_mask(self.interests)


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="unique_membership"),
            # One owner at a time: ownership is handed over, never shared.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(role=Role.OWNER),
                name="one_owner_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.organisation} ({self.get_role_display()})"


class Invitation(models.Model):
    """An invitation sent to an e-mail address; whoever opens the link logged in accepts it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(_("rôle"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    token = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.get_role_display()}"


class Partnership(models.Model):
    """A link between two organisations: requested by one, accepted by the other."""

    requester = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partnerships_requested"
    )
    partner = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partnerships_received"
    )
    status = models.CharField(
        max_length=10, choices=PartnershipStatus.choices, default=PartnershipStatus.PENDING
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("partenariat")
        verbose_name_plural = _("partenariats")
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=F("partner")), name="partnership_not_self"
            ),
            models.UniqueConstraint(
                fields=["requester", "partner"],
                condition=Q(status__in=[PartnershipStatus.PENDING, PartnershipStatus.ACCEPTED]),
                name="one_live_partnership_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} ↔ {self.partner} ({self.get_status_display()})"

    def other_side(self, organisation: Organisation) -> Organisation:
        return self.partner if organisation.pk == self.requester_id else self.requester


class IdentityChange(models.Model):
    """What a verified organisation asks to become: another name, kind, RNA/SIREN or commune.

    The staff verified the organisation as it was; until the staff of the new place approve,
    the public keeps seeing the verified values (docs/decisions/0028)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="identity_changes"
    )
    status = models.CharField(
        max_length=10, choices=IdentityChangeStatus.choices, default=IdentityChangeStatus.PENDING
    )
    name = models.CharField(_("nom"), max_length=150)
    kind = models.CharField(_("type"), max_length=16, choices=OrganisationKind.choices)
    rna_number = models.CharField(_("numéro RNA"), max_length=10, blank=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    commune = models.ForeignKey(
        "territories.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("motif"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("changement d’identité")
        verbose_name_plural = _("changements d’identité")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status=IdentityChangeStatus.PENDING),
                name="one_pending_identity_change",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.name} ({self.get_status_display()})"
