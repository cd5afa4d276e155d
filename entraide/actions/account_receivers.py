"""allauth's signals about a new account, turned into calls of the actions' services: a
« Je participe » clicked before signing up is kept with the account and completed when the
address is verified, on whichever device (issue 11)."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_signed_up
from django.contrib import messages
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from entraide.accounts.adapter import come_back_after_verification
from entraide.accounts.models import User
from entraide.actions import join_clicks, services
from entraide.actions.enums import ParticipationStatus
from entraide.actions.models import Slot


@receiver(user_signed_up)
def keep_click_with_new_account(
    sender: Any, request: HttpRequest, user: User, **kwargs: Any
) -> None:
    """The click made just before signing up is kept with the account, not only the session."""
    click = join_clicks.remembered_click(request)
    slot = Slot.objects.filter(pk=click.slot_id).first() if click is not None else None
    if click is not None and slot is not None:
        services.keep_join_intent(user, slot, companions=click.companions)
        # The verification link brings the person to the action (or, when the organisation
        # asks for a motivation, to the page where they write it).
        come_back_after_verification(request, _page_after_verification(slot))


@receiver(email_confirmed)
def complete_kept_clicks(
    sender: Any, request: HttpRequest, email_address: EmailAddress, **kwargs: Any
) -> None:
    """Verifying the address (on whichever device) completes the clicks kept with the account,
    tells the person what became of each, and brings them back to the action."""
    outcomes = services.complete_join_intents(email_address.user)
    if not outcomes:
        return
    join_clicks.remembered_click(request, pop=True)  # completed here: never a second time
    for outcome in outcomes:
        level, text = outcome_message(outcome)
        messages.add_message(request, level, text)
    come_back_after_verification(request, _page_after_verification(outcomes[0].slot))


def _page_after_verification(slot: Slot) -> str:
    if slot.action.requires_approval:
        return reverse("actions:join", args=[slot.pk])
    return slot.action.get_absolute_url()


def outcome_message(outcome: services.JoinOutcome) -> tuple[int, str]:
    title = outcome.slot.action.title
    when = date_format(timezone.localtime(outcome.slot.starts_at), "l j F, H:i")
    participation = outcome.participation
    if outcome.refusal:
        return messages.ERROR, _("« %(title)s » : %(refusal)s") % {
            "title": title,
            "refusal": outcome.refusal,
        }
    if participation is None:
        return messages.INFO, _(
            "« %(title)s » demande l’accord de l’organisation : écrivez-lui quelques mots "
            "pour confirmer votre participation."
        ) % {"title": title}
    if participation.status == ParticipationStatus.CONFIRMED:
        return messages.SUCCESS, _("Vous êtes inscrit·e à « %(title)s » (%(when)s).") % {
            "title": title,
            "when": when,
        }
    return messages.SUCCESS, _(
        "« %(title)s » (%(when)s) est complet : vous êtes sur la liste d’attente."
    ) % {"title": title, "when": when}
