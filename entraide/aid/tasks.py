"""Background work of mutual aid: reaching a request's audience. Posting or relaying writes the
request or the relay and returns at once; the worker computes the audience and writes its reach
and notifications in batches (reach.fan_out), so a request reaching thousands holds neither
the author's request nor its transaction that long. A task's dotted path is stored with each
queued run: it keeps its name."""

from django.tasks import task

from entraide.aid.models import AidRelay, AidRequest
from entraide.aid.reach import fan_out

__all__ = ["fan_out", "fan_out_aid_request"]


@task()
def fan_out_aid_request(*, request_id: int, relay_id: int | None = None) -> int:
    """Reach a posted request's audience, or a relay's. Run again with the same task id (its
    worker died), it writes nobody twice: reach rows are unique per person and notify_many's
    keys name this run. Returns how many people were newly reached."""
    request = AidRequest.objects.filter(pk=request_id).select_related("commune").first()
    if request is None or request.hidden_at is not None:
        return 0
    relay = None
    if relay_id is not None:
        relay = AidRelay.objects.filter(pk=relay_id, request=request).first()
        if relay is None:
            return 0
    return fan_out(request, relay=relay)
