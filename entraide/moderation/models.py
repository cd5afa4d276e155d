"""Moderation (issue 15, ADR 0040): reports gathered in one case per piece of content, the
decisions taken on it with their statement of reasons, the author's appeal, the sanctions on a
person in a territory, and each territory's settings and moderators.

The content itself stays in its app (registry.py): a case names it by content type and id and
keeps a snapshot of its excerpt, so that the queue reads one table. `group_id` is a plain
number, not a foreign key: groups live in `community`, above this app."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.moderation.enums import (
    PENDING_CASE_STATES,
    AppealState,
    CaseState,
    DecisionKind,
    ReportReason,
    ReportStatus,
    SanctionKind,
)

APPEAL_WINDOW = timedelta(days=183)  # six months
TEXT_MAX = 2000


class ModerationCase(models.Model):
    """One piece of content under review: the reports about it, the decisions on it. At most
    one pending case per piece of content; a new report after a decision opens a new case."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    content = GenericForeignKey("content_type", "object_id")
    kind_key = models.CharField(max_length=60)
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    group_id = models.IntegerField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    excerpt = models.CharField(_("extrait"), max_length=300, blank=True)
    content_url = models.CharField(_("adresse"), max_length=500, blank=True)
    state = models.CharField(
        _("état"), max_length=10, choices=CaseState.choices, default=CaseState.OPEN
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    is_hidden = models.BooleanField(_("masqué"), default=False)
    # Held back automatically (trusted reporters, likely spam) until a person decides.
    held_automatically = models.BooleanField(default=False)
    report_count = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dossier de modération")
        verbose_name_plural = _("dossiers de modération")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state__in=PENDING_CASE_STATES),
                name="one_pending_case_per_content",
            )
        ]
        indexes = [
            # The queues' keyset: urgent first, then the oldest.
            models.Index(
                "territory",
                "state",
                F("urgent").desc(),
                "opened_at",
                "id",
                name="case_territory_queue",
            ),
            models.Index(
                "group_id",
                "state",
                F("urgent").desc(),
                "opened_at",
                "id",
                name="case_group_queue",
                condition=Q(group_id__isnull=False),
            ),
            models.Index(fields=["content_type", "object_id"], name="case_content"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_key} {self.object_id} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("moderation:case", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.state in PENDING_CASE_STATES


class Report(models.Model):
    """Someone tells the moderators that a piece of content breaks the rules (DSA Art. 16): a
    reason from the list, their explanation, the content's address, who they are (an account,
    or a visitor's name and e-mail, kept for the answer and never shown: moderators read the
    name only) and their statement of good faith."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signalé par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    content = GenericForeignKey("content_type", "object_id")
    case = models.ForeignKey(
        ModerationCase, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    category = models.CharField(
        _("motif"), max_length=10, choices=ReportReason.choices, default=ReportReason.OTHER
    )
    reason = models.TextField(_("explication"), max_length=TEXT_MAX)
    content_url = models.CharField(_("adresse du contenu"), max_length=500, blank=True)
    reporter_name = models.CharField(_("nom"), max_length=120, blank=True)
    reporter_email = models.EmailField(_("adresse e-mail"), blank=True)
    good_faith = models.BooleanField(_("déclaration de bonne foi"), default=False)
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    group_id = models.IntegerField(null=True, blank=True)
    # False for a report by someone whose reports are ignored for a while (ADR 0041): it is
    # kept and answered, but counts toward no automatic measure.
    counted = models.BooleanField(default=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="report_queue"),
            models.Index(fields=["content_type", "object_id"], name="report_content"),
            models.Index(fields=["reporter", "-created_at"], name="report_of_reporter"),
            models.Index(fields=["reporter_email", "-created_at"], name="report_of_visitor"),
            models.Index(fields=["territory", "created_at"], name="report_of_territory"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} ({self.status})"

    @property
    def reporter_label(self) -> str:
        """What a moderator reads of the reporter: a public name, never an address."""
        if self.reporter is not None:
            return self.reporter.public_name
        return self.reporter_name or str(_("Visiteur"))


class Decision(models.Model):
    """What a moderator (or an automatic measure) decided on a case, with its reasons: the
    statement of reasons of DSA Art. 17 is written from this row."""

    case = models.ForeignKey(ModerationCase, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("décision"), max_length=10, choices=DecisionKind.choices)
    reason = models.TextField(_("motif"), max_length=TEXT_MAX)
    rule = models.CharField(_("règle de la charte ou loi appliquée"), max_length=300, blank=True)
    automatic = models.BooleanField(_("automatique"), default=False)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The content's author when it was decided: who receives the statement and may appeal.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_decisions",
    )
    suspended_until = models.DateTimeField(null=True, blank=True)
    # Set on the decision taken on an appeal.
    on_appeal = models.ForeignKey(
        "Appeal", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("décision de modération")
        verbose_name_plural = _("décisions de modération")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="decision_of_case")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.case_id}"

    def get_absolute_url(self) -> str:
        return reverse("moderation:decision", args=[self.pk])

    @property
    def appeal_deadline(self) -> datetime:
        return self.created_at + APPEAL_WINDOW


class Appeal(models.Model):
    """The author contests a decision, once, within six months; decided by someone other than
    the decision's moderator."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="appeal")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        _("état"), max_length=10, choices=AppealState.choices, default=AppealState.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recours")
        verbose_name_plural = _("recours")

    def __str__(self) -> str:
        return f"{self.decision_id} ({self.state})"


class AppealMessage(models.Model):
    """One message of the appeal's thread; a private note is read by the moderators alone."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"), max_length=TEXT_MAX)
    private = models.BooleanField(_("note privée des modérateurs"), default=False)
    from_moderator = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.appeal_id} #{self.pk}"


class Sanction(models.Model):
    """A warning, a suspension until a date, or a ban of a person in a territory; the posting
    services of the other apps ask `selectors.is_sanctioned`."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_sanctions"
    )
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=SanctionKind.choices)
    until = models.DateTimeField(null=True, blank=True)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="sanctions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "territory"], name="sanction_of_person")]

    def __str__(self) -> str:
        return f"{self.kind} {self.person_id}"


class ModerationSettings(models.Model):
    """A territory's choices; a territory without a row has the defaults."""

    territory = models.OneToOneField(
        "territories.Territory", on_delete=models.CASCADE, related_name="moderation_settings"
    )
    trusted_reporters = models.PositiveSmallIntegerField(
        _("signalements de membres de confiance qui masquent un contenu"), default=3
    )
    watch_words = models.TextField(
        _("mots à surveiller (un par ligne)"), blank=True, max_length=5000
    )

    class Meta:
        verbose_name = _("réglages de modération")
        verbose_name_plural = _("réglages de modération")

    def __str__(self) -> str:
        return str(self.territory_id)


class TerritoryModerator(models.Model):
    """A person the territory's staff appointed to moderate its content."""

    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderated_territories"
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("modérateur du territoire")
        verbose_name_plural = _("modérateurs du territoire")
        constraints = [
            models.UniqueConstraint(fields=["territory", "person"], name="one_moderator_role")
        ]

    def __str__(self) -> str:
        return f"{self.territory_id} {self.person_id}"


class ReporterStanding(models.Model):
    """Someone whose reports keep being dismissed (ADR 0041): warned once, then their reports
    are ignored (kept, answered, not counted) until `ignored_until`."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    warned_at = models.DateTimeField(null=True, blank=True)
    ignored_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.person_id)
