from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data (`manage.py load_demo`): no models, only a command built on the services."""

    name = "entraide.demo"
    verbose_name = _("Données de démonstration")
