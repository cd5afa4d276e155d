"""Writing a request's reach (ADR 0031): the people an audience holds become `AidReach` rows
in batches, the newly reached alone are told, and the request's counters are recounted. Run by
the fan-out task (tasks.py) after a request is posted or relayed; synchronous here so that it
can be timed and tested on its own."""

from django.db import transaction
from django.db.models import Count, Max

from entraide.aid import audience
from entraide.aid import notifications as kinds
from entraide.aid.models import AidReach, AidRelay, AidRequest
from entraide.core.bulk_rows import insert_ignoring_conflicts
from entraide.core.notifications import notify_many

BATCH = 1000
EXCERPT_LENGTH = 200


def excerpt_of(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1].rstrip() + "…"


def _context(request: AidRequest) -> dict[str, object]:
    # What every person reached reads: the request, never who relayed it to them.
    return {
        "aid_request": request,
        "kind_label": request.get_kind_display(),
        "commune_name": request.commune.name,
        "excerpt": excerpt_of(request.text),
        "url": request.get_absolute_url(),
    }


def fan_out(request: AidRequest, *, relay: AidRelay | None = None) -> int:
    """Reach the request's audience (or, for a relay, the relayer's connections one hop
    further), told through notify_many in batches of 1,000. A request no longer circulating
    (resolved, withdrawn, expired) reaches nobody more. People already reached keep their
    smallest hop and are not told twice, so running it again changes nothing. Returns how
    many people were newly reached."""
    if not request.is_circulating:
        return 0
    if relay is None:
        hops = audience.audience_of(request)
        already = dict(AidReach.objects.filter(request=request).values_list("person_id", "hops"))
    else:
        hops = audience.relay_audience(request, relay.relayer_id, relay.hops)
        already = {}
        for chunk in audience.in_chunks(sorted(hops)):
            already.update(
                AidReach.objects.filter(request=request, person_id__any_of=chunk).values_list(
                    "person_id", "hops"
                )
            )
    closer = [person_id for person_id, hop in hops.items() if already.get(person_id, 99) > hop]
    new = [person_id for person_id in closer if person_id not in already]
    context = _context(request)
    for start in range(0, len(new), BATCH):
        batch = new[start : start + BATCH]
        with transaction.atomic():
            insert_ignoring_conflicts(
                AidReach,
                ("request_id", "person_id", "hops"),
                [(request.pk, pid, hops[pid]) for pid in batch],
                batch_size=BATCH,
            )
            notify_many(batch, kinds.REQUEST_REACHED, context, batch_size=BATCH)
    # Someone reached further away before, now closer: they may relay in turn.
    moved: dict[int, list[int]] = {}
    for person_id in closer:
        if person_id in already:
            moved.setdefault(hops[person_id], []).append(person_id)
    for hop, person_ids in moved.items():
        AidReach.objects.filter(request=request, person_id__any_of=person_ids, hops__gt=hop).update(
            hops=hop
        )
    recount(request)
    return len(new)


def recount(request: AidRequest) -> None:
    """The counters the author sees, from the rows themselves (a replayed or concurrent
    fan-out cannot make them drift)."""
    figures = AidReach.objects.filter(request=request).aggregate(
        reached=Count("pk"), furthest=Max("hops")
    )
    relays = AidRelay.objects.filter(request=request).count()
    AidRequest.objects.filter(pk=request.pk).update(
        people_reached=figures["reached"] or 0,
        furthest_hop=figures["furthest"] or 0,
        relay_count=relays,
    )
    request.people_reached = figures["reached"] or 0
    request.furthest_hop = figures["furthest"] or 0
    request.relay_count = relays
