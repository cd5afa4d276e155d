from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from entraide.core.exceptions import ActionRefused
from entraide.messaging import selectors, services
from entraide.messaging.enums import Side
from entraide.messaging.forms import ContactForm, ReplyForm

INBOX_PAGE_SIZE = 20


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    conversations = selectors.inbox_of(request.user)
    page_obj = Paginator(conversations, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "messaging/inbox.html", {"page_obj": page_obj})


@login_required
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.access_contactable_organisation(request.user, slug)
    form = ContactForm(request.POST or None)
    refusal = None
    try:
        services.ensure_can_contact(request.user, organisation)  # type: ignore[arg-type]
    except ActionRefused as error:
        refusal = error.message
    if refusal is None and request.method == "POST" and form.is_valid():
        try:
            conversation = services.start_conversation(
                request.user,  # type: ignore[arg-type]
                organisation,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
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
        {"organisation": organisation, "form": form, "refusal": refusal},
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = selectors.access_conversation(request.user, conversation_id)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = services.reply(
                request.user,  # type: ignore[arg-type]
                conversation,
                body=form.cleaned_data["body"],
            )
        except ActionRefused as error:
            form.add_error(error.field, error.message)
        else:
            return redirect(f"{conversation.get_absolute_url()}#message-{message.pk}")
    side = selectors.side_of(request.user, conversation)
    return render(
        request,
        "messaging/conversation.html",
        {
            "conversation": conversation,
            "thread": selectors.thread_of(conversation),
            "as_organisation": side == Side.ORGANISATION,
            "form": form,
        },
    )
