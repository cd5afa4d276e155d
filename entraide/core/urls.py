from django.urls import path

from entraide.core import views, web_app

app_name = "core"
urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path(
        "notifications/<int:notification_id>/ouvrir/",
        views.notification_open,
        name="notification_open",
    ),
    path("notifications/tout-lire/", views.notifications_read_all, name="notifications_read_all"),
    path(
        "notifications/preferences/",
        views.notification_preferences,
        name="notification_preferences",
    ),
    path("notifications/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # The web app: installable on a phone's home screen, with a page for when offline.
    path("manifest.webmanifest", web_app.manifest, name="manifest"),
    path("sw.js", web_app.service_worker, name="service_worker"),
    path("hors-ligne/", web_app.offline, name="offline"),
    path("icones/entraide.svg", web_app.app_icon_svg, name="app_icon_svg"),
    path("icones/entraide-<int:size>.png", web_app.app_icon, name="app_icon"),
    path(
        "icones/entraide-maskable-<int:size>.png",
        web_app.app_icon_maskable,
        name="app_icon_maskable",
    ),
]
