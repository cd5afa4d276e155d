"""The notification centre's pages: the list under the bell, the preferences per kind, and the
unsubscribe page reached from an e-mail without logging in."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from entraide.accounts.http import AuthenticatedRequest
from entraide.accounts.models import User
from entraide.core import notifications
from entraide.core.forms import PreferencesForm
from entraide.core.models import Notification

NOTIFICATIONS_PAGE_SIZE = 20


@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    page_obj = Paginator(
        Notification.objects.filter(recipient=request.user).order_by("-created_at", "-pk"),
        NOTIFICATIONS_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page_obj": page_obj})


@login_required
@require_POST
def notification_open(request: AuthenticatedRequest, notification_id: int) -> HttpResponse:
    """Mark one of one's own notifications read and go where it leads; another person's id
    changes nothing and leads back to the list."""
    notification = Notification.objects.filter(pk=notification_id, recipient=request.user).first()
    if notification is None:
        return redirect("core:notifications")
    notifications.mark_read(request.user, [notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("core:notifications")


@login_required
@require_POST
def notifications_read_all(request: AuthenticatedRequest) -> HttpResponse:
    notifications.mark_read(request.user)
    messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    return redirect("core:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request: AuthenticatedRequest) -> HttpResponse:
    form = PreferencesForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        for kind, frequency in form.choices().items():
            notifications.set_frequency(request.user, kind, frequency)
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect("core:notification_preferences")
    return render(request, "core/notifications_preferences.html", {"form": form})


# Mail clients post the one-click unsubscribe (RFC 8058) without a CSRF token; the signed
# token in the URL is what authorises the change, and it only ever turns e-mails off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link would do and changes nothing (mail scanners follow links);
    POST turns that kind of e-mail off for the person named in the token."""
    try:
        person_id, kind = notifications.read_unsubscribe_token(token)
    except signing.BadSignature:
        person = None
    else:
        person = User.objects.filter(pk=person_id).first()
    if person is None:
        return render(request, "core/notifications_unsubscribe_invalid.html", status=400)
    is_digest = kind == notifications.DIGEST_KIND
    always = kind in notifications.ALWAYS_IMMEDIATE
    done = False
    if request.method == "POST" and not always:
        notifications.unsubscribe(person, kind)
        done = True
    return render(
        request,
        "core/notifications_unsubscribe.html",
        {
            "label": notifications.label_of(kind),
            "is_digest": is_digest,
            "always": always,
            "done": done,
            "site_url": settings.SITE_URL,
        },
    )
