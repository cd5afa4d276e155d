from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.accounts.enums import ConsentKind, PublicNameStyle


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. E-mail, phone and home address live here only, and are shown to their owner
    alone: everyone else sees `public_name` and reaches the person through messaging."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=80)
    last_name = models.CharField(_("nom"), max_length=80, blank=True)
    public_name_style = models.CharField(
        _("nom affiché"),
        max_length=12,
        choices=PublicNameStyle.choices,
        default=PublicNameStyle.FIRST_NAME_INITIAL,
    )
    pseudonym = models.CharField(_("pseudonyme"), max_length=60, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    street_address = models.CharField(_("adresse postale"), max_length=255, blank=True)
    home_commune = models.ForeignKey(
        "territories.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("présentation"), blank=True, max_length=2000)
    language = models.CharField(_("langue"), max_length=8, default="fr")
    # Off by default: the person's participations are named to their connections (on an
    # action's page, « 3 de vos relations participent ») only once they say so.
    shows_participations_to_connections = models.BooleanField(
        _("Mes relations peuvent voir les actions auxquelles je participe"), default=False
    )
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("accès à l’administration"), default=False)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name"]

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The only name other people see: first name and initial unless the person chose."""
        if self.public_name_style == PublicNameStyle.PSEUDONYM and self.pseudonym:
            return self.pseudonym
        if self.public_name_style == PublicNameStyle.FULL_NAME:
            return f"{self.first_name} {self.last_name}".strip() or str(_("Membre"))
        initial = f" {self.last_name[0]}." if self.last_name else ""
        return f"{self.first_name}{initial}".strip() or str(_("Membre"))

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.first_name


class Consent(models.Model):
    """A choice a person made about their data, with its date: the record is kept (newest last)
    so that the consent in force at any time can be shown."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=40, choices=ConsentKind.choices)
    given = models.BooleanField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind}={self.given}"
