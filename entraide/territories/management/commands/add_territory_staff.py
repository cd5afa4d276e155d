from django.core.management.base import BaseCommand, CommandError

from entraide.accounts.models import User
from entraide.territories.models import Territory
from entraide.territories.services import add_territory_staff, remove_territory_staff


class Command(BaseCommand):
    help = "Make a person territory staff (or --remove them); written to the audit log."

    def add_arguments(self, parser):
        parser.add_argument("territory", help="the territory's slug")
        parser.add_argument("email", help="the person's account e-mail")
        parser.add_argument("--remove", action="store_true")

    def handle(self, territory: str, email: str, remove: bool = False, **options):
        place = Territory.objects.filter(slug=territory).first()
        person = User.objects.filter(email__iexact=email.strip()).first()
        if place is None:
            raise CommandError(f"No territory {territory!r}")
        if person is None:
            raise CommandError(f"No account for {email!r}")
        if remove:
            remove_territory_staff(None, place, person)
            self.stdout.write(f"{person} is no longer staff of {place}.")
        else:
            add_territory_staff(None, place, person)
            self.stdout.write(f"{person} is now staff of {place}.")
