"""Trusted networks: connections between people, groups joined openly, on approval or on
sponsorship, their charters, and the records of trust (ADR 0030).

Nothing here is deleted when someone leaves: sponsorships and trust are records of who vouched
for whom, kept with SET_NULL or PROTECT, never cascaded away."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.community.enums import (
    LIVE_MEMBERSHIP_STATES,
    Admission,
    ConnectionStatus,
    GroupRole,
    MembershipState,
    ReactionKind,
    SponsorshipState,
    Visibility,
)

MAX_SPONSORS_REQUIRED = 5


class Connection(models.Model):
    """Two people who know each other. One row per pair whatever the direction: the pair is
    stored ordered (`first` has the smaller id) and unique, and `asked_by` says who asked."""

    first = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("état"), max_length=12, choices=ConnectionStatus.choices, default=ConnectionStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When the request was (last) made, and when it was last answered or ended.
    asked_at = models.DateTimeField()
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_connection_per_pair"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="connection_pair_ordered"
            ),
            models.CheckConstraint(
                condition=Q(asked_by=F("first")) | Q(asked_by=F("second")),
                name="connection_asked_by_one_of_the_pair",
            ),
        ]
        # The connections of a person, from either side (friends of friends will read these).
        indexes = [
            models.Index(fields=["first", "status"], name="connection_first"),
            models.Index(fields=["second", "status"], name="connection_second"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id}–{self.second_id} ({self.status})"

    def other(self, person_id: int) -> int:
        return self.second_id if self.first_id == person_id else self.first_id

    @property
    def asked_id(self) -> int:
        """The person the request was asked of."""
        return self.other(self.asked_by_id)


class ConnectionInvitation(models.Model):
    """A personal link (and its QR code, once a QR library is part of the project): whoever
    opens it while it is valid and accepts becomes a connection of its owner."""

    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="connection_invitations"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation à se relier")
        verbose_name_plural = _("invitations à se relier")
        indexes = [models.Index(fields=["inviter", "expires_at"], name="connection_invitation_of")]

    def __str__(self) -> str:
        return f"{self.inviter_id} ({self.expires_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("community:invitation", args=[self.token])


class PersonBlock(models.Model):
    """One person refuses any relation with another: neither may ask the other to connect, and
    the block ends their connection. (messaging's Block is between a person and an
    organisation; this is its person-to-person counterpart, ADR 0030.)"""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("blocage entre personnes")
        verbose_name_plural = _("blocages entre personnes")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_person_block"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="no_self_block"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class Group(models.Model):
    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A sub-group: only the parent's members may join it.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("groupe parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subgroups",
    )
    admission = models.CharField(
        _("admission"), max_length=12, choices=Admission.choices, default=Admission.APPROVAL
    )
    sponsors_required = models.PositiveSmallIntegerField(
        _("parrains nécessaires"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SPONSORS_REQUIRED)],
    )
    approval_after_sponsorship = models.BooleanField(
        _("validation par un administrateur après les parrainages"), default=False
    )
    visibility = models.CharField(
        _("visibilité"), max_length=12, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    # Asked of whoever wants to join (Karrot's application questions), one string each.
    join_questions = models.JSONField(_("questions d’admission"), default=list, blank=True)
    # The newcomer rule (ADR 0030), the group's to change.
    newcomer_days = models.PositiveSmallIntegerField(_("jours de nouveau membre"), default=30)
    newcomer_links = models.PositiveSmallIntegerField(_("liens par message (nouveau)"), default=2)
    newcomer_images = models.PositiveSmallIntegerField(_("images par message (nouveau)"), default=1)
    newcomer_posts_per_day = models.PositiveSmallIntegerField(
        _("messages par jour (nouveau)"), default=3
    )
    # Accountability: a sponsor whose sponsees are excluded this often loses the right.
    accountability = models.BooleanField(_("responsabilité des parrains"), default=True)
    accountability_removals = models.PositiveSmallIntegerField(
        _("exclusions qui retirent le droit de parrainer"), default=2
    )
    accountability_months = models.PositiveSmallIntegerField(_("sur combien de mois"), default=12)
    anti_collusion = models.BooleanField(_("parrains d’origines différentes"), default=False)
    weekly_trust_cap = models.PositiveSmallIntegerField(
        _("marques de confiance par semaine"), default=3
    )
    # The version in force; every member accepts it (again) at their next visit.
    charter_version = models.PositiveIntegerField(_("version de la charte"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("groupe")
        verbose_name_plural = _("groupes")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sponsors_required__gte=1, sponsors_required__lte=MAX_SPONSORS_REQUIRED),
                name="group_sponsors_required_range",
            )
        ]
        indexes = [models.Index(fields=["visibility", "name"], name="group_listed")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:group", args=[self.slug])


class Charter(models.Model):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="charters")
    version = models.PositiveIntegerField()
    text = models.TextField(_("charte"), max_length=10000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("charte")
        verbose_name_plural = _("chartes")
        ordering = ["group", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["group", "version"], name="one_charter_version")
        ]

    def __str__(self) -> str:
        return f"{self.group_id} v{self.version}"


class Membership(models.Model):
    """A person's request to join a group and, once admitted, their membership. A request that
    ends (left, refused, revoked) stays as history; a new one is a new row."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(
        _("rôle"), max_length=12, choices=GroupRole.choices, default=GroupRole.MEMBER
    )
    state = models.CharField(
        _("état"), max_length=12, choices=MembershipState.choices, default=MembershipState.REQUESTED
    )
    answers = models.JSONField(_("réponses"), default=list, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("motif"), blank=True, max_length=1000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    charter_version = models.PositiveIntegerField(_("version de charte acceptée"), null=True)
    charter_accepted_at = models.DateTimeField(null=True, blank=True)
    # Sponsees excluded before this date no longer count against the right to sponsor.
    sponsoring_restored_at = models.DateTimeField(null=True, blank=True)
    # The sponsor's choice to be told when someone they sponsored is warned or excluded.
    tell_me_about_sponsees = models.BooleanField(
        _("me prévenir si une personne que j’ai parrainée est exclue"), default=False
    )

    class Meta:
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "group"],
                condition=Q(state__in=LIVE_MEMBERSHIP_STATES),
                name="one_live_membership",
            )
        ]
        indexes = [
            models.Index(fields=["group", "state", "joined_at"], name="group_membership_state"),
            models.Index(fields=["person", "state"], name="person_membership_state"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.group_id} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state == MembershipState.ACTIVE


class Sponsorship(models.Model):
    """Who vouched for whom, into which group, when, with which sentence."""

    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="sponsorships"
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="sponsored_in"
    )
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="sponsorships")
    # The request it vouches for.
    membership = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="sponsorships"
    )
    sentence = models.CharField(_("phrase de parrainage"), max_length=300)
    state = models.CharField(
        _("état"),
        max_length=12,
        choices=SponsorshipState.choices,
        default=SponsorshipState.PENDING,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("parrainage")
        verbose_name_plural = _("parrainages")
        constraints = [
            models.UniqueConstraint(
                fields=["sponsor", "membership"], name="one_sponsorship_per_request"
            )
        ]
        indexes = [models.Index(fields=["group", "sponsor", "state"], name="sponsorship_of")]

    def __str__(self) -> str:
        return f"{self.sponsor_id} → {self.candidate_id} ({self.state})"


class Trust(models.Model):
    """A member's trust in another member of a group: enough of it ends the newcomer period
    before its days are up. Kept when either leaves."""

    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="trusts")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("confiance")
        verbose_name_plural = _("confiances")
        constraints = [
            models.UniqueConstraint(fields=["giver", "receiver", "group"], name="one_trust"),
            models.CheckConstraint(condition=~Q(giver=F("receiver")), name="no_self_trust"),
        ]
        indexes = [
            models.Index(fields=["group", "giver", "created_at"], name="trust_given"),
            models.Index(fields=["group", "receiver"], name="trust_received"),
        ]

    def __str__(self) -> str:
        return f"{self.giver_id} trusts {self.receiver_id} in {self.group_id}"


# --- Posts of a group (issue 14): never deleted, an admin or moderator hides them with a reason.

POST_BODY_MAX = 5000
COMMENT_BODY_MAX = 2000


class Post(models.Model):
    """A member's post in a group: Markdown kept as written and its sanitised HTML cached,
    one optional re-encoded photo. The author is SET_NULL so the content survives their
    account; hidden, never deleted."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"), max_length=POST_BODY_MAX)
    body_html = models.TextField(editable=False, blank=True)
    image = models.ImageField(_("image"), upload_to="posts/%Y/%m/", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    pinned_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.TextField(_("motif du masquage"), blank=True, max_length=1000)
    # Visible comments, kept by the services so that a feed never counts rows per post.
    comment_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [
            # The group feed's keyset (created_at, id) descending; the personal feed reads the
            # same index once per group of the viewer (group_id IN …).
            models.Index("group", F("created_at").desc(), F("id").desc(), name="post_group_feed"),
            # The pinned posts heading a group's first page: a handful, found without a scan.
            models.Index(
                "group",
                F("pinned_at").desc(),
                name="post_group_pinned",
                condition=Q(pinned_at__isnull=False),
            ),
            # A newcomer's posts of the last 24 hours.
            models.Index(fields=["author", "group", "created_at"], name="post_author_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.group_id} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("community:post", args=[self.group.slug, self.pk])

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Comment(models.Model):
    """Plain text under a post; hidden like a post, never deleted."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("commentaire"), max_length=COMMENT_BODY_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.TextField(_("motif du masquage"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        indexes = [models.Index(fields=["post", "created_at", "id"], name="comment_of_post")]

    def __str__(self) -> str:
        return f"{self.post_id} #{self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Reaction(models.Model):
    """One person's reaction of one kind to a post (a toggle: the row exists or not)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("réaction"), max_length=16, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("réaction")
        verbose_name_plural = _("réactions")
        # Also the index of a page's counts (post_id IN … GROUP BY post, kind).
        constraints = [
            models.UniqueConstraint(fields=["post", "person", "kind"], name="one_reaction_of_kind")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.post_id}"


# --- Invitations kept through sign-up, and invitations into a group (issue 14).


class KeptInvitation(models.Model):
    """A personal invitation link followed before having an account, kept with the account made
    right after it (actions' JoinIntent does the same for « Je participe »): verifying the
    address, on whichever device, connects the newcomer with the link's owner."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    invitation = models.ForeignKey(ConnectionInvitation, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation en attente d’un compte")
        verbose_name_plural = _("invitations en attente d’un compte")
        constraints = [
            models.UniqueConstraint(fields=["person", "invitation"], name="one_kept_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ← {self.invitation_id}"


class GroupInvitation(models.Model):
    """An admin's invitation into a group, of any visibility: to one of their connections
    (`person`, used once), or a link for whoever holds it (`person` empty). For 14 days, it
    shows the group (a secret one too) to the invited and lets them ask to join; the group's
    admission rules still apply (network.join_by_invitation says how an admin's invitation of a
    person counts as their approval)."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="group_invitations",
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation dans un groupe")
        verbose_name_plural = _("invitations dans un groupe")
        indexes = [
            models.Index(fields=["group", "created_at"], name="group_invitation_of"),
            models.Index(fields=["person", "expires_at"], name="group_invitation_for"),
        ]

    def __str__(self) -> str:
        return f"{self.group_id} ({self.expires_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("community:group_invitation", args=[self.token])

    @property
    def is_link(self) -> bool:
        return self.person_id is None
