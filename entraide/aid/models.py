"""Mutual aid (issue 14): requests and offers, how far they reached, who relayed them, who
answered. Reach and relays are materialised rows (ADR 0031), read by the author as counters
only: no page names who relayed a request or whom it reached.

A request belongs to its author (CASCADE): it is their own content, gone with their account,
and so are its reach, relays and answers; the conversations the answers opened stay in
messaging."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.aid.enums import AidAudience, AidCategory, AidKind, AidStatus

TITLE_MAX = 120
TEXT_MAX = 2000
THANKS_MAX = 500
DEFAULT_DURATION = timedelta(days=14)
LONGEST_DURATION = timedelta(days=90)
# A relay by someone at hop h reaches hop h + 1, never beyond this.
MAX_HOPS = 3


def default_ends_at() -> datetime:
    return timezone.now() + DEFAULT_DURATION


class AidRequestQuerySet(models.QuerySet["AidRequest"]):
    def circulating(self) -> "AidRequestQuerySet":
        """Open and not expired: what may still be relayed, answered and listed."""
        return self.filter(
            status=AidStatus.OPEN, ends_at__gt=timezone.now(), hidden_at__isnull=True
        )


class AidRequest(models.Model):
    """A request ("demande") or an offer ("proposition"), placed at a commune, never an
    address."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="aid_requests"
    )
    kind = models.CharField(_("type"), max_length=12, choices=AidKind.choices)
    category = models.CharField(_("catégorie"), max_length=16, choices=AidCategory.choices)
    title = models.CharField(_("titre"), max_length=TITLE_MAX)
    text = models.TextField(_("texte"), max_length=TEXT_MAX)
    # Only for a sale.
    price = models.DecimalField(
        _("prix (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    commune = models.ForeignKey(
        "territories.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    image = models.ImageField(_("image"), upload_to="aid/%Y/%m/", blank=True)
    audience = models.CharField(
        _("audience"), max_length=20, choices=AidAudience.choices, default=AidAudience.CONNECTIONS
    )
    groups = models.ManyToManyField(
        "community.Group", verbose_name=_("groupes"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(_("date de fin"), default=default_ends_at)
    status = models.CharField(
        _("état"), max_length=12, choices=AidStatus.choices, default=AidStatus.OPEN
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    thanks = models.TextField(_("remerciements"), max_length=THANKS_MAX, blank=True)
    # Hidden by the moderation (moderation_kinds.py): kept, absent from every list and reach.
    hidden_at = models.DateTimeField(null=True, blank=True)
    # Kept by the fan-out and the relays (ADR 0031), shown to the author as numbers only.
    people_reached = models.PositiveIntegerField(default=0)
    furthest_hop = models.PositiveSmallIntegerField(default=0)
    relay_count = models.PositiveIntegerField(default=0)

    objects = AidRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande d’entraide")
        verbose_name_plural = _("demandes d’entraide")
        constraints = [
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(category=AidCategory.SELL),
                name="aid_price_only_for_a_sale",
            ),
        ]
        indexes = [
            # « Mes demandes », and the daily limit's count.
            models.Index("author", F("created_at").desc(), name="aid_request_of_author"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("aid:detail", args=[self.pk])

    @property
    def is_expired(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def is_circulating(self) -> bool:
        return self.status == AidStatus.OPEN and not self.is_expired and self.hidden_at is None


class AidReach(models.Model):
    """One person a request reached, at its smallest number of hops from the author."""

    request = models.ForeignKey(AidRequest, on_delete=models.CASCADE, related_name="reach")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    hops = models.PositiveSmallIntegerField()
    reached_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("personne atteinte")
        verbose_name_plural = _("personnes atteintes")
        constraints = [
            models.UniqueConstraint(fields=["request", "person"], name="one_reach_per_person"),
            models.CheckConstraint(
                condition=Q(hops__gte=1, hops__lte=MAX_HOPS), name="aid_reach_hops_range"
            ),
        ]
        indexes = [
            # « Ce qui me parvient », newest first (the id breaks ties of one bulk insert).
            models.Index(
                "person", F("reached_at").desc(), F("id").desc(), name="aid_reach_of_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.person_id} ({self.hops})"


class AidRelay(models.Model):
    """A person relayed (« faire suivre ») a request to their connections, once."""

    request = models.ForeignKey(AidRequest, on_delete=models.CASCADE, related_name="relays")
    relayer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The relayer's own hop: their connections are reached at hops + 1.
    hops = models.PositiveSmallIntegerField()
    relayed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("relais")
        verbose_name_plural = _("relais")
        constraints = [
            models.UniqueConstraint(fields=["request", "relayer"], name="one_relay_per_person"),
            models.CheckConstraint(
                condition=Q(hops__gte=1, hops__lt=MAX_HOPS), name="aid_relay_hops_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} relayed by {self.relayer_id}"


class AidAnswer(models.Model):
    """A helper answered a request: the conversation they opened with its author."""

    request = models.ForeignKey(AidRequest, on_delete=models.CASCADE, related_name="answers")
    helper = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey(
        "messaging.Conversation", on_delete=models.CASCADE, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)
    thanked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(fields=["request", "helper"], name="one_answer_per_helper")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} answered by {self.helper_id}"
