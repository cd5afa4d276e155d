from django.urls import path

from entraide.moderation import views

app_name = "moderation"
urlpatterns = [
    path("signaler/<str:kind_key>/<int:object_id>/", views.report, name="report"),
    path("moderation/mes-signalements/", views.my_reports, name="my_reports"),
    path("moderation/dossiers/<int:case_id>/", views.case_detail, name="case"),
    path("moderation/dossiers/<int:case_id>/decider/", views.decide, name="decide"),
    path("moderation/dossiers/<int:case_id>/autorites/", views.authorities, name="authorities"),
    path("moderation/decisions/<int:decision_id>/", views.decision_detail, name="decision"),
    path("moderation/decisions/<int:decision_id>/contester/", views.appeal, name="appeal"),
    path(
        "moderation/recours/<int:appeal_id>/message/", views.appeal_message, name="appeal_message"
    ),
    path("moderation/recours/<int:appeal_id>/decider/", views.decide_appeal, name="decide_appeal"),
    path("moderation/groupe/<int:group_id>/", views.group_queue, name="group_queue"),
    path("moderation/<slug:territory_slug>/", views.territory_queue, name="queue"),
    path("moderation/<slug:territory_slug>/journal/", views.audit_log, name="audit_log"),
    path("moderation/<slug:territory_slug>/journal.csv", views.audit_log_csv, name="audit_log_csv"),
    path("moderation/<slug:territory_slug>/transparence/", views.transparency, name="transparency"),
    path("moderation/<slug:territory_slug>/equipe/", views.moderators, name="moderators"),
    path(
        "moderation/<slug:territory_slug>/equipe/<int:user_id>/retirer/",
        views.remove_moderator,
        name="remove_moderator",
    ),
    path("moderation/<slug:territory_slug>/reglages/", views.update_settings, name="settings"),
]
