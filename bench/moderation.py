"""The moderation queue's benchmark (issue 15), a step module like bench/network.py, against
the database named by DATABASE_URL (bench/run.py runs it on SQLite and PostgreSQL):

    measure --reports N     N reports (100,000 by default) over cases of two territories, most
                            of them already decided, then the territory queue's first page
                            (and the pages after it) as its view reads them: p95 in ms

The rows are written with bulk_create (the one place that bypasses the services, for volume),
as a city's queue looks after some years: most cases closed, a few hundred pending, a few
urgent. Prints one JSON object on its last line.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from entraide.community.models import Post  # noqa: E402
from entraide.moderation import selectors  # noqa: E402
from entraide.moderation.enums import CaseState, ReportReason, ReportStatus  # noqa: E402
from entraide.moderation.models import ModerationCase, Report  # noqa: E402
from entraide.territories.models import Commune, Territory  # noqa: E402
from entraide.territories.services import create_territory  # noqa: E402

SLUGS = ("bench-moderation", "bench-moderation-voisin")
REPORTS_PER_CASE = 2.5
PENDING_SHARE = 0.02  # of the cases: the rest were decided
URGENT_SHARE = 0.01
BATCH = 5000


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def territories() -> list[Territory]:
    found = {territory.slug: territory for territory in Territory.objects.filter(slug__in=SLUGS)}
    codes = list(Commune.objects.order_by("insee_code").values_list("insee_code", flat=True)[:4])
    for n, slug in enumerate(SLUGS):
        if slug not in found:
            found[slug] = create_territory(
                None, name=slug, slug=slug, commune_codes=codes[2 * n : 2 * n + 2]
            )
    return [found[slug] for slug in SLUGS]


def generate(reports: int, rng: random.Random) -> dict[str, Any]:
    places = territories()
    if Report.objects.filter(territory__in=places).count() >= reports:
        return {"generated_s": 0.0, "kept": True}
    started = time.perf_counter()
    post_type = ContentType.objects.get_for_model(Post)
    now = timezone.now()
    cases_wanted = int(reports / REPORTS_PER_CASE)
    reasons = [choice for choice, _ in ReportReason.choices]
    written = 0
    with transaction.atomic():
        for start in range(0, cases_wanted, BATCH):
            batch = []
            for n in range(start, min(start + BATCH, cases_wanted)):
                pending = rng.random() < PENDING_SHARE
                opened = now - timedelta(minutes=rng.randrange(1, 3 * 365 * 24 * 60))
                batch.append(
                    ModerationCase(
                        content_type=post_type, object_id=str(10_000_000 + n),
                        kind_key="community.post", territory=places[n % 2],
                        excerpt=f"Publication n° {n} signalée", content_url=f"/bench/{n}/",
                        state=CaseState.OPEN if pending else CaseState.CLOSED,
                        urgent=pending and rng.random() < URGENT_SHARE * 10,
                        report_count=0, opened_at=opened,
                        closed_at=None if pending else opened + timedelta(hours=rng.randrange(1, 96)),
                    )
                )  # fmt: skip
            cases = ModerationCase.objects.bulk_create(batch)
            rows = []
            for case in cases:
                for _ in range(2 if rng.random() < 0.5 else 3):
                    rows.append(
                        Report(
                            content_type=post_type, object_id=case.object_id, case=case,
                            category=rng.choice(reasons), reason="Signalé pour le banc d’essai",
                            reporter_name="Banc", territory_id=case.territory_id,
                            status=ReportStatus.OPEN if case.state == CaseState.OPEN
                            else ReportStatus.DISMISSED,
                        )
                    )  # fmt: skip
            Report.objects.bulk_create(rows)
            written += len(rows)
            if written >= reports:
                break
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"generated_s": round(time.perf_counter() - started, 1), "reports": written}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(reports: int) -> dict[str, Any]:
    rng = random.Random(15)
    generated = generate(reports, rng)
    place = territories()[0]
    first: list[float] = []
    later: list[float] = []
    selectors.queue(territory=place)  # warm
    for _ in range(60):
        started = time.perf_counter()
        page = selectors.queue(territory=place)
        first.append((time.perf_counter() - started) * 1000)
        cursor = page.next_cursor
        for _ in range(2):
            if not cursor:
                break
            started = time.perf_counter()
            page = selectors.queue(territory=place, cursor=cursor)
            later.append((time.perf_counter() - started) * 1000)
            cursor = page.next_cursor
    pending = ModerationCase.objects.filter(territory=place, state=CaseState.OPEN).count()
    return {
        **generated,
        "reports_total": Report.objects.count(),
        "pending_cases": pending,
        "first_page_ms_p50": round(statistics.median(first), 2),
        "first_page_ms_p95": round(percentile(first, 0.95), 2),
        "later_page_ms_p95": round(percentile(later, 0.95), 2) if later else None,
        "samples": len(first),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=("measure",))
    parser.add_argument("--reports", type=int, default=100_000)
    args = parser.parse_args()
    print(json.dumps(measure(args.reports)), flush=True)


if __name__ == "__main__":
    main()
