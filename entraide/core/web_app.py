"""What makes the site installable on a phone's home screen: the web app manifest, its icons,
the service worker and the page it shows when the network is gone. The service worker caches
that page and the stylesheet only: no page with anyone's data is ever kept on the device."""

import hashlib
import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from entraide.core.app_icons import GREEN, ICON_SIZES, ICON_SVG, MASKABLE_SIZES, icon_png

ICON_MAX_AGE = 7 * 24 * 3600


@require_safe
@cache_control(public=True, max_age=3600)
def manifest(request: HttpRequest) -> HttpResponse:
    icons = [
        {"src": reverse("core:app_icon_svg"), "sizes": "any", "type": "image/svg+xml"},
        *(
            {"src": reverse("core:app_icon", args=[size]), "sizes": f"{size}x{size}",
             "type": "image/png", "purpose": "any"}
            for size in ICON_SIZES
        ),
        *(
            {"src": reverse("core:app_icon_maskable", args=[size]), "sizes": f"{size}x{size}",
             "type": "image/png", "purpose": "maskable"}
            for size in MASKABLE_SIZES
        ),
    ]  # fmt: skip
    document = {
        "name": _("entraide : agir près de chez vous"),
        "short_name": "entraide",
        "description": _("Les actions bénévoles et les associations de votre territoire."),
        "lang": settings.LANGUAGE_CODE,
        "dir": "ltr",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": GREEN,
        "icons": icons,
    }
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/manifest+json; charset=utf-8",
    )


@require_safe
@cache_control(public=True, max_age=ICON_MAX_AGE)
def app_icon_svg(request: HttpRequest) -> HttpResponse:
    return HttpResponse(ICON_SVG, content_type="image/svg+xml")


@require_safe
@cache_control(public=True, max_age=ICON_MAX_AGE)
def app_icon(request: HttpRequest, size: int) -> HttpResponse:
    if size not in ICON_SIZES:
        raise Http404
    return HttpResponse(icon_png(size), content_type="image/png")


@require_safe
@cache_control(public=True, max_age=ICON_MAX_AGE)
def app_icon_maskable(request: HttpRequest, size: int) -> HttpResponse:
    if size not in MASKABLE_SIZES:
        raise Http404
    return HttpResponse(icon_png(size, maskable=True), content_type="image/png")


@require_safe
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the root so that it may answer for every page (a worker's scope is its
    folder); always revalidated, so a new version reaches phones on their next visit."""
    offline_url = reverse("core:offline")
    cached = [offline_url, static("css/entraide.css"), reverse("core:app_icon_svg")]
    # A new stylesheet (its hashed name in production) makes a new cache, the old one dropped.
    version = hashlib.sha256("|".join(cached).encode()).hexdigest()[:12]
    return render(
        request,
        "core/service-worker.js",
        {
            "cache_name": json.dumps(f"entraide-offline-{version}"),
            "offline_url": json.dumps(offline_url),
            "cached_urls": json.dumps(cached),
        },
        content_type="text/javascript; charset=utf-8",
    )


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """The page the service worker keeps for when the network is gone. It is fetched once with
    whatever session the phone has: it shows nothing of the person, so it says nothing to the
    next one using the phone."""
    return render(request, "core/offline.html")
