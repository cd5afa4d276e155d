from django.urls import path

from entraide.actions import feeds, organiser_views, views

app_name = "actions"
urlpatterns = [
    # Citizens: the agenda, an action, "Je participe", my agenda (views.py).
    path("<slug:territory_slug>/agenda/", views.agenda, name="agenda"),
    path("actions/<int:action_id>/", views.detail, name="detail"),
    path("actions/creneaux/<int:slot_id>/participer/", views.join, name="join"),
    path("actions/participations/<int:participation_id>/annuler/", views.cancel_participation, name="cancel_participation"),
    path("actions/participations/<int:participation_id>/confirmer-la-place/", views.claim_offer, name="claim_offer"),
    path("actions/participations/<int:participation_id>/agenda.ics", views.participation_ics, name="participation_ics"),
    path("actions/rappel/<str:token>/", views.reminder_answer, name="reminder_answer"),
    path("mon-agenda/", views.my_agenda, name="my_agenda"),
    # Organisations: actions, slots, who comes (organiser_views.py).
    path("organisations/<slug:slug>/actions/", organiser_views.organisation_actions, name="organisation_actions"),
    path("organisations/<slug:slug>/actions/nouvelle/", organiser_views.create, name="create"),
    path("actions/<int:action_id>/modifier/", organiser_views.edit, name="edit"),
    path("actions/<int:action_id>/creneaux/", organiser_views.slots, name="slots"),
    path("actions/<int:action_id>/publier/", organiser_views.publish, name="publish"),
    path("actions/<int:action_id>/cloturer/", organiser_views.close, name="close"),
    path("actions/<int:action_id>/annuler/", organiser_views.cancel, name="cancel"),
    path("actions/creneaux/<int:slot_id>/", organiser_views.slot_dashboard, name="slot_dashboard"),
    path("actions/creneaux/<int:slot_id>/capacite/", organiser_views.slot_capacity, name="slot_capacity"),
    path("actions/participations/<int:participation_id>/decision/", organiser_views.decide_participation, name="decide_participation"),
    path("actions/participations/<int:participation_id>/presence/", organiser_views.record_attendance, name="record_attendance"),
    # Calendars (feeds.py).
    path("<slug:territory_slug>/agenda.ics", feeds.territory_feed, name="territory_feed"),
    path("organisations/<slug:slug>/agenda.ics", feeds.organisation_feed, name="organisation_feed"),
    path("agenda/prive/<str:token>.ics", feeds.personal_feed, name="personal_feed"),
    path("mon-agenda/flux/", feeds.personal_feed_settings, name="personal_feed_settings"),
]  # fmt: skip
