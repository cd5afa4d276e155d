from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    AVAILABLE = "available", _("Disponible")
    AWAY = "away", _("Absent·e")
