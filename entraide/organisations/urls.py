from django.urls import path

from entraide.organisations import views

app_name = "organisations"
urlpatterns = [
    path("<slug:territory_slug>/annuaire/", views.directory, name="directory"),
    path("organisations/", views.mine, name="mine"),
    path("organisations/nouvelle/", views.create, name="create"),
    path("organisations/verifications/", views.verification_queue, name="verification_queue"),
    path("organisations/verifications/identites/", views.identity_changes, name="identity_changes"),
    path("organisations/invitations/<str:token>/", views.invitation, name="invitation"),
    path("organisations/partenariats/<int:partnership_id>/<str:decision>/", views.decide_partnership, name="decide_partnership"),
    path("organisations/<slug:slug>/", views.detail, name="detail"),
    path("organisations/<slug:slug>/modifier/", views.edit, name="edit"),
    path("organisations/<slug:slug>/verifier/", views.verify, name="verify"),
    path("organisations/<slug:slug>/refuser/", views.reject, name="reject"),
    path("organisations/<slug:slug>/identite/valider/", views.approve_identity_change, name="approve_identity_change"),
    path("organisations/<slug:slug>/identite/refuser/", views.reject_identity_change, name="reject_identity_change"),
    path("organisations/<slug:slug>/membres/", views.members, name="members"),
    path("organisations/<slug:slug>/membres/inviter/", views.invite, name="invite"),
    path("organisations/<slug:slug>/membres/<int:membership_id>/role/", views.change_role, name="change_role"),
    path("organisations/<slug:slug>/membres/<int:membership_id>/retirer/", views.remove_member, name="remove_member"),
    path("organisations/<slug:slug>/membres/<int:membership_id>/proprietaire/", views.transfer_ownership, name="transfer_ownership"),
    path("organisations/<slug:slug>/invitations/<int:invitation_id>/annuler/", views.revoke_invitation, name="revoke_invitation"),
    path("organisations/<slug:slug>/partenaires/", views.partnerships, name="partnerships"),
    path("organisations/<slug:slug>/partenaires/demander/", views.request_partnership, name="request_partnership"),
]  # fmt: skip
