from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from entraide.territories.enums import CommuneKind, LocationSource


class Commune(models.Model):
    """Reference data for every commune of France, loaded by `manage.py load_communes`."""

    insee_code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    # The name as the geocoder compares it: "saint dizier" (see geocoder.name_key).
    name_key = models.CharField(max_length=100, db_index=True)
    kind = models.CharField(max_length=16, choices=CommuneKind.choices, default=CommuneKind.COMMUNE)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="arrondissements"
    )
    department_code = models.CharField(_("département"), max_length=3, db_index=True)
    postcodes = models.CharField(_("codes postaux"), max_length=255, blank=True)
    population = models.PositiveIntegerField(_("population"), default=0)
    latitude = models.FloatField()
    longitude = models.FloatField()
    location_source = models.CharField(
        max_length=12, choices=LocationSource.choices, default=LocationSource.GEONAMES
    )

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="commune_point_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.department_code})"

    @property
    def location_is_approximate(self) -> bool:
        return self.location_source in (
            LocationSource.POSTCODE_AVERAGE,
            LocationSource.DEPARTMENT_AVERAGE,
        )

    @property
    def postcode_list(self) -> list[str]:
        return self.postcodes.split()

    @property
    def place_query(self) -> str:
        """What to type for the geocoder to find this commune and no other: a postcode alone
        may name a more populous neighbour (52100 is Saint-Dizier, not Chancenay), a name a
        namesake elsewhere; the two together, or the name and its department, do not."""
        postcodes = self.postcode_list
        return f"{self.name} {postcodes[0] if postcodes else self.department_code}"


class CommunePostcode(models.Model):
    """One row per (postcode, commune) so that "52100" is one indexed lookup."""

    postcode = models.CharField(max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postcode_rows")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["postcode", "commune"], name="unique_commune_postcode")
        ]

    def __str__(self) -> str:
        return f"{self.postcode} {self.commune_id}"


class Territory(models.Model):
    """A city, an agglomeration or a company's staff: a portal over a set of communes."""

    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    name = models.CharField(_("nom"), max_length=120)
    description = models.TextField(_("présentation"), blank=True)
    communes = models.ManyToManyField(
        Commune, verbose_name=_("communes"), related_name="territories"
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("équipe du territoire"),
        blank=True,
        related_name="staffed_territories",
    )
    # Per-territory settings that do not deserve a column yet (map centre and zoom, colours).
    settings = models.JSONField(_("réglages"), default=dict, blank=True)
    # The version of its charter in force (0: none yet), so that a page of the territory knows
    # it without another query (TerritoryCharter; services.publish_charter).
    charter_version = models.PositiveIntegerField(_("version de la charte"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territories:home", args=[self.slug])


class TerritoryCharter(models.Model):
    """One version of a territory's charter (kindness, no hate, no ads, no data resale), in
    Markdown: a new version is a new row, the old ones stay readable as they were accepted."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="charters")
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("texte"), max_length=20000)
    published_at = models.DateTimeField(_("publiée le"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("charte du territoire")
        verbose_name_plural = _("chartes des territoires")
        ordering = ["territory", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "version"], name="unique_territory_charter_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.territory} · v{self.version}"


class CharterAcceptance(models.Model):
    """A person's acceptance of one version of a territory's charter, and when."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="charter_acceptances"
    )
    charter = models.ForeignKey(
        TerritoryCharter, on_delete=models.CASCADE, related_name="acceptances"
    )
    accepted_at = models.DateTimeField(_("acceptée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("acceptation de la charte")
        verbose_name_plural = _("acceptations de la charte")
        constraints = [
            models.UniqueConstraint(fields=["person", "charter"], name="unique_charter_acceptance")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.charter}"
