import math

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from entraide.actions.enums import (
    ACTIVE_STATUSES,
    CALENDAR_STATUSES,
    ActionKind,
    ActionStatus,
    CancellationReason,
    DeclineReason,
    ParticipationStatus,
    Skill,
    WaitlistMode,
)
from entraide.organisations.enums import Interest


class Action(models.Model):
    """A volunteer mission, a public event or a live broadcast, published by an organisation."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField(
        _("type"), max_length=10, choices=ActionKind.choices, default=ActionKind.MISSION
    )
    title = models.CharField(_("titre"), max_length=150)
    description = models.TextField(_("description"), max_length=10000)
    stream_url = models.URLField(_("lien de la diffusion"), blank=True)
    replay_url = models.URLField(_("lien du replay"), blank=True)
    interests = models.PositiveIntegerField(_("centres d’intérêt"), default=0)
    skills = models.PositiveIntegerField(_("compétences recherchées"), default=0)
    is_remote = models.BooleanField(_("à distance"), default=False)
    street_address = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "territories.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    accessibility_notes = models.TextField(_("accessibilité"), blank=True, max_length=2000)
    open_to_minors = models.BooleanField(_("ouverte aux mineurs"), default=False)
    max_companions = models.PositiveSmallIntegerField(
        _("accompagnants par inscription"), default=0,
        help_text=_("Combien de personnes chacun peut amener (0 : aucune)."),
    )  # fmt: skip
    requires_approval = models.BooleanField(
        _("inscription soumise à l’accord de l’organisation"), default=False
    )
    waitlist_mode = models.CharField(
        _("quand une place se libère"),
        max_length=10,
        choices=WaitlistMode.choices,
        default=WaitlistMode.OFFER,
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("délai pour confirmer une place proposée (heures)"), default=12
    )
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.DRAFT, db_index=True
    )
    status_reason = models.TextField(blank=True)
    search_document = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "status"], name="action_organisation_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_remote=True)
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="action_placed_unless_remote",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:detail", args=[self.pk])

    @property
    def interest_list(self) -> list[Interest]:
        return Interest.from_mask(self.interests)

    @property
    def skill_list(self) -> list[Skill]:
        return Skill.from_mask(self.skills)

    @property
    def is_published(self) -> bool:
        return self.status == ActionStatus.PUBLISHED


class ActionWord(models.Model):
    """One word of an action's search document: PostgreSQL's word index for the agenda, kept by
    triggers on the action table (migrations 0005, 0007). A word search reads the action ids of
    a word start from the (word, action) index alone, without visiting the wide action rows, as
    a GIN index would (docs/decisions/0014). SQLite has FTS5 for this and leaves the table
    empty."""

    pk = models.CompositePrimaryKey("action", "word")
    # No database constraint: the triggers remove an action's words with it.
    action = models.ForeignKey(
        Action, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    word = models.TextField()
    # The action's point (None when remote), so that a word search near a place keeps only the
    # actions in its box while reading the index (docs/decisions/0015).
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)

    class Meta:
        indexes = [
            # The point as key columns after the word, not INCLUDE ones, which SQLite lacks
            # (one schema on both; the table serves PostgreSQL alone).
            models.Index(
                fields=["word", "action", "latitude", "longitude"],
                name="action_word_lookup_idx",
                opclasses=["text_pattern_ops", "int8_ops", "float8_ops", "float8_ops"],
            )
        ]

    def __str__(self) -> str:
        return self.word


# The slot columns an agenda search tests besides its place and date (agenda.search_agenda),
# in the covering indexes' order: fixed-width columns that are never empty first, then those
# that may be (a remote slot has no point, a slot no capacity), text last. PostgreSQL finds a
# column of an index entry at a known offset only when every column before it has a fixed width
# and a value; with the text in the middle, testing the last columns of 160,000 entries took
# twice as long (docs/benchmarks.md).
SEARCHED_FIXED = ["interests", "week_mask", "skills", "seats_taken", "open_to_minors",
                  "is_remote", "action"]  # fmt: skip
SEARCHED_LAST = ["latitude", "longitude", "capacity", "kind", "commune"]


class Slot(models.Model):
    """A dated occurrence of an action (a créneau), with an optional capacity.

    The filters of the agenda are copied from the action onto its slots (kept in step by the
    services), so that searching a million slots reads one table on one composite index.
    `seats_taken` counts confirmed participants and their companions plus held offers; the
    database refuses it above the capacity, whatever the number of server processes."""

    # No index of their own for `action` and `commune`: slot_action_date_idx and
    # slot_commune_search_idx lead with them, and every index is rewritten when a sign-up
    # changes `seats_taken`.
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="slots", db_index=False
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    seats_taken = models.PositiveIntegerField(default=0)
    week_mask = models.PositiveIntegerField(default=0)
    # Copies of the action's searchable fields.
    is_listed = models.BooleanField(default=False)
    kind = models.CharField(max_length=10, choices=ActionKind.choices)
    interests = models.PositiveIntegerField(default=0)
    skills = models.PositiveIntegerField(default=0)
    is_remote = models.BooleanField(default=False)
    open_to_minors = models.BooleanField(default=False)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    cell = models.PositiveIntegerField(null=True, blank=True)
    commune = models.ForeignKey(
        "territories.Commune", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("créneau")
        verbose_name_plural = _("créneaux")
        ordering = ["starts_at", "pk"]
        # The agenda's three ways in (agenda.AgendaResults): by grid cells around a point, by
        # date, and by the communes of a territory. Each carries every column a search tests, so
        # that the database picks the matches from the index alone and reads the rows of one
        # page only (docs/benchmarks.md).
        indexes = [
            models.Index(
                fields=["is_listed", "cell", "starts_at", "id", *SEARCHED_FIXED, *SEARCHED_LAST],
                name="slot_cell_search_idx",
            ),
            models.Index(
                # The id right after the date: the agenda's order (date, id) is the index's, so
                # reading stops at the page's last slot instead of the end of its hour.
                fields=["is_listed", "starts_at", "id", *SEARCHED_FIXED, "cell", *SEARCHED_LAST],
                name="slot_date_search_idx",
            ),
            models.Index(
                # A territory's communes: a region holds a fifth of the slots, which PostgreSQL
                # read from the table itself (a word there: 90–170 ms, 14–46 ms from this index).
                fields=[
                    "commune",
                    "is_listed",
                    "starts_at",
                    "id",
                    *SEARCHED_FIXED,
                    "cell",
                    *[name for name in SEARCHED_LAST if name != "commune"],
                ],
                name="slot_commune_search_idx",
            ),
            models.Index(fields=["action", "starts_at"], name="slot_action_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="slot_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                name="slot_never_overbooked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.seats_taken >= self.capacity

    @property
    def distance_km(self) -> float | None:
        distance_sq = getattr(self, "distance_sq", None)
        return math.sqrt(distance_sq) if distance_sq is not None else None


class Participation(models.Model):
    """A person's "Je participe" on a slot, with the companions they bring."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    status = models.CharField(max_length=10, choices=ParticipationStatus.choices)
    companions = models.PositiveSmallIntegerField(_("accompagnants"), default=0)
    motivation = models.TextField(_("motivation"), blank=True, max_length=1000)
    reason = models.CharField(_("motif"), max_length=20, blank=True)
    reason_detail = models.CharField(_("précision"), max_length=300, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    hours = models.DecimalField(_("heures"), max_digits=5, decimal_places=2, null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["slot", "status", "created_at"], name="participation_queue_idx"),
            models.Index(fields=["person", "status"], name="participation_person_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "person"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="one_active_participation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.slot} ({self.get_status_display()})"

    @property
    def seats(self) -> int:
        return 1 + self.companions

    @property
    def belongs_in_calendar(self) -> bool:
        """Offered to the person's calendar: not while the organisation has not answered."""
        return self.status in CALENDAR_STATUSES

    @property
    def reason_label(self) -> str:
        labels = (
            dict(DeclineReason.choices)
            if self.status == ParticipationStatus.DECLINED
            else dict(CancellationReason.choices)
        )
        return str(labels.get(self.reason, self.reason))


class CalendarFeed(models.Model):
    """A person's private iCalendar feed: the token is the secret, revoked by replacing it."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.person}"


class JoinIntent(models.Model):
    """A « Je participe » clicked before the person had an account, kept with the account made
    right after it, so that it completes on whichever device verifies the address (a session
    alone is lost when the link opens on a phone). Deleted once completed; ignored and deleted
    once expired."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_intents"
    )
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="+")
    companions = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("inscription en attente d’un compte")
        verbose_name_plural = _("inscriptions en attente d’un compte")
        constraints = [
            models.UniqueConstraint(fields=["person", "slot"], name="one_join_intent_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.slot}"
