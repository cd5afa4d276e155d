from django.urls import path

from entraide.core import views

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
]
