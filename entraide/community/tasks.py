"""Background work of the trusted networks: telling a group's members of a new post. The
request writes the post; the worker tells the members in batches, so a group of thousands
holds neither the author's request nor its transaction that long. A task's dotted path is
stored with each queued run: it keeps its name."""

from django.db.models import Q
from django.tasks import task

from entraide.community import notifications as kinds
from entraide.community.enums import MembershipState
from entraide.community.models import Membership, PersonBlock, Post
from entraide.core.notifications import notify_many

FAN_OUT_BATCH = 500
EXCERPT_LENGTH = 200


def excerpt_of(body: str) -> str:
    """The start of a post for a notification: its first words, on one line."""
    text = " ".join(body.split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1].rstrip() + "…"


@task()
def tell_members_of_post(*, post_id: int) -> int:
    """Tell the group's active members of a new post, the author and those who blocked the
    author left out, following each one's preference (the daily digest by default). A post
    hidden before the worker came tells nobody. Run again with the same task id, it tells
    nobody twice (notify_many's keys). Returns how many were told."""
    post = (
        Post.objects.filter(pk=post_id, hidden_at__isnull=True)
        .select_related("group", "author")
        .first()
    )
    if post is None:
        return 0
    group = post.group
    context = {
        "group": group,
        "author_name": post.author.public_name if post.author else "",
        "excerpt": excerpt_of(post.body),
        "url": post.get_absolute_url(),
    }
    members = Membership.objects.filter(group=group, state=MembershipState.ACTIVE)
    if post.author_id is not None:
        blockers = PersonBlock.objects.filter(blocked_id=post.author_id).values("blocker_id")
        members = members.exclude(Q(person_id=post.author_id) | Q(person_id__in=blockers))
    # One read of the ids through group_membership_state (350,000 of them are a few MB), then
    # batches: a keyset per batch would sort the group's members again each time.
    ids = list(members.values_list("person_id", flat=True))
    told = 0
    for start in range(0, len(ids), FAN_OUT_BATCH):
        batch = ids[start : start + FAN_OUT_BATCH]
        told += notify_many(batch, kinds.NEW_POST, context, batch_size=FAN_OUT_BATCH)
    return told
