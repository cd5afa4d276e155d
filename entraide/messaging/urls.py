from django.urls import path

from entraide.messaging import views

app_name = "messaging"
urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/<int:conversation_id>/", views.conversation, name="conversation"),
    path("messages/<int:conversation_id>/bloquer/", views.block, name="block"),
    path("messages/<int:conversation_id>/debloquer/", views.unblock, name="unblock"),
    path(
        "messages/<int:conversation_id>/signaler/<int:message_id>/",
        views.report,
        name="report",
    ),
    path("organisations/<slug:slug>/contacter/", views.contact, name="contact"),
    path("actions/creneaux/<int:slot_id>/message/", views.write_to_slot, name="write_to_slot"),
]
