from django.http import HttpRequest, HttpResponse


def directory(request: HttpRequest, territory_slug: str) -> HttpResponse:
    return HttpResponse("")


mine = create = verification_queue = directory


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse("")
