from django.urls import path

from entraide.messaging import views

app_name = "messaging"
urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/<int:conversation_id>/", views.conversation, name="conversation"),
    path("organisations/<slug:slug>/contacter/", views.contact, name="contact"),
]
