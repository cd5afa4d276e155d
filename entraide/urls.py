from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from entraide.api.api import api
from entraide.territories import views as territory_views

urlpatterns = [
    path("", territory_views.choose_territory, name="home"),
    path("admin/", admin.site.urls),
    path("comptes/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("", include("entraide.accounts.urls")),
    path("", include("entraide.organisations.urls")),
    path("", include("entraide.moderation.urls")),
    path("", include("entraide.messaging.urls")),
    path("", include("entraide.community.urls")),
    path("", include("entraide.aid.urls")),
    path("", include("entraide.actions.urls")),
    path("", include("entraide.volunteers.urls")),
    path("", include("entraide.editorial.urls")),
    path("", include("entraide.core.urls")),
    # Last: a territory's portal takes the first path segment (reserved words excluded).
    path("", include("entraide.territories.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
