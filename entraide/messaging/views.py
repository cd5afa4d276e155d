from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from entraide.accounts.http import AuthenticatedRequest
from entraide.actions.enums import ParticipationStatus
from entraide.actions.models import Action, Slot
from entraide.actions.selectors import access_action, access_slot, participants_of
from entraide.core.exceptions import ActionRefused
from entraide.messaging import rules, selectors, services
from entraide.messaging.enums import Side
from entraide.messaging.forms import (
    ContactForm,
    ReplyForm,
    ReportForm,
    SlotParticipantsMessageForm,
)
from entraide.messaging.models import Conversation
from entraide.messaging.services import SUBJECT_MAX_LENGTH
from entraide.organisations.models import Organisation

INBOX_PAGE_SIZE = 20


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    conversations = selectors.inbox_of(request.user)
    page_obj = Paginator(conversations, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    unread_total = selectors.unread_conversation_count(request.user)
    return render(
        request, "messaging/inbox.html", {"page_obj": page_obj, "unread_total": unread_total}
    )


def _about(request: HttpRequest, organisation: Organisation) -> tuple[Action | None, Slot | None]:
    """The action or slot a "Contacter" link is about (?action=12 or ?creneau=34): one the
    user may see, of that organisation; anything else is a 404."""
    slot_id, action_id = request.GET.get("creneau", ""), request.GET.get("action", "")
    slot = None
    if slot_id:
        if not (slot_id.isascii() and slot_id.isdecimal()):
            raise Http404
        slot = access_slot(request.user, int(slot_id))
        action = slot.action
    elif action_id:
        if not (action_id.isascii() and action_id.isdecimal()):
            raise Http404
        action = access_action(request.user, int(action_id))
    else:
        return None, None
    if action.organisation_id != organisation.pk:
        raise Http404
    return action, slot


@login_required
@require_http_methods(["GET", "POST"])
def contact(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = selectors.access_contactable_organisation(request.user, slug)
    action, slot = _about(request, organisation)
    initial = {"subject": action.title[:SUBJECT_MAX_LENGTH]} if action else {}
    form = ContactForm(request.POST or None, initial=initial)
    refusal = None
    try:
        services.ensure_can_contact(request.user, organisation)
    except ActionRefused as error:
        refusal = error.message
    if refusal is None and request.method == "POST" and form.is_valid():
        try:
            conversation = services.start_conversation(
                request.user,
                organisation,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                action=action,
                slot=slot,
            )
        except ActionRefused as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request, _("Votre message est envoyé. La réponse arrivera dans vos messages.")
            )
            return redirect(conversation)
    return render(
        request,
        "messaging/contact.html",
        {
            "organisation": organisation,
            "form": form,
            "refusal": refusal,
            "action": action,
            "slot": slot,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: AuthenticatedRequest, conversation_id: int) -> HttpResponse:
    conversation = selectors.access_conversation(request.user, conversation_id)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = services.reply(request.user, conversation, body=form.cleaned_data["body"])
        except ActionRefused as error:
            form.add_error(error.field, error.message)
        else:
            return redirect(f"{conversation.get_absolute_url()}#message-{message.pk}")
    # Showing the thread is reading it: a write on GET, but only of the reader's own read
    # mark, which no one else sees and which a prefetch at worst moves early.
    services.mark_conversation_read(request.user, conversation)
    return _render_conversation(request, conversation, form=form)


def _render_conversation(
    request: AuthenticatedRequest,
    conversation: Conversation,
    *,
    form: ReplyForm,
) -> HttpResponse:
    side = selectors.side_of(request.user, conversation)
    blocks = selectors.blocks_between(conversation)
    personal = conversation.is_personal
    return render(
        request,
        "messaging/conversation.html",
        {
            "conversation": conversation,
            "thread": selectors.thread_of(conversation),
            "as_organisation": side == Side.ORGANISATION,
            "form": form,
            "i_block": side.value in blocks,
            "blocked_by_other": bool(blocks - {side.value}),
            "personal": personal,
            "other": rules.other_participant(request.user, conversation) if personal else None,
            "people_blocked": selectors.people_blocked(conversation),
        },
    )


@login_required
@require_POST
def block(request: AuthenticatedRequest, conversation_id: int) -> HttpResponse:
    conversation = selectors.access_conversation(request.user, conversation_id)
    organisation = conversation.organisation
    if organisation is None:
        # Two people block each other on community's page, linked from the conversation.
        raise Http404
    services.block_other_side(request.user, conversation)
    if selectors.side_of(request.user, conversation) == Side.PERSON:
        text = _("%(organisation)s ne peut plus vous écrire.") % {"organisation": organisation.name}
    else:
        text = _("%(person)s ne peut plus écrire à votre organisation.") % {
            "person": conversation.person.public_name
        }
    messages.success(request, text)
    return redirect(conversation)


@login_required
@require_POST
def unblock(request: AuthenticatedRequest, conversation_id: int) -> HttpResponse:
    conversation = selectors.access_conversation(request.user, conversation_id)
    if conversation.is_personal:
        raise Http404
    services.unblock_other_side(request.user, conversation)
    messages.success(request, _("Le blocage est levé."))
    return redirect(conversation)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: AuthenticatedRequest, conversation_id: int, message_id: int) -> HttpResponse:
    conversation = selectors.access_conversation(request.user, conversation_id)
    message = selectors.access_message(conversation, message_id)
    if rules.is_from_own_side(request.user, message):
        messages.error(request, _("On ne signale pas ses propres messages."))
        return redirect(conversation)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_message(request.user, message, reason=form.cleaned_data["reason"])
        except ActionRefused as error:
            form.add_error("reason", error.message)
        else:
            messages.success(
                request,
                _("Merci : le message est signalé à l’équipe de modération, qui va l’examiner."),
            )
            return redirect(conversation)
    return render(
        request,
        "core/confirm.html",
        {
            "title": _("Signaler un message"),
            "question": _(
                "Ce message enfreint les règles du site (insulte, harcèlement, démarchage, "
                "arnaque…) ? Dites-nous pourquoi : l’équipe de modération le lira."
            ),
            "form": form,
            "action_url": request.path,
            "confirm_label": _("Signaler"),
            "cancel_url": f"{conversation.get_absolute_url()}#message-{message.pk}",
            "danger": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def write_to_slot(request: AuthenticatedRequest, slot_id: int) -> HttpResponse:
    """The organisation writes to all participants of a slot, through messaging like any talk."""
    slot = access_slot(request.user, slot_id, manage=True)
    form = SlotParticipantsMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conversations = services.write_to_slot_participants(
                request.user,
                slot,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except ActionRefused as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        else:
            count = len(conversations)
            messages.success(
                request,
                ngettext(
                    "Message envoyé à %(count)d personne.",
                    "Message envoyé à %(count)d personnes.",
                    count,
                )
                % {"count": count},
            )
            return redirect("actions:slot_dashboard", slot.pk)
    recipient_count = participants_of(slot).filter(status=ParticipationStatus.CONFIRMED).count()
    return render(
        request,
        "messaging/slot_message.html",
        {"slot": slot, "action": slot.action, "form": form, "recipient_count": recipient_count},
    )
