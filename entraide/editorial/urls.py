from django.urls import path

from entraide.editorial import feeds, views
from entraide.editorial.enums import NewsroomRole

app_name = "editorial"
A = "<slug:territory_slug>/articles/"
R = "<slug:territory_slug>/redaction/"
E = R + "<int:article_id>/"
urlpatterns = [
    path(A, views.article_list, name="list"),
    path(A + "rss/", feeds.TerritoryArticlesRss(), name="rss"),
    path(A + "atom/", feeds.TerritoryArticlesAtom(), name="atom"),
    path(A + "<slug:article_slug>/", views.article_detail, name="article"),
    path(A + "<slug:article_slug>/commenter/", views.comment, name="comment"),
    # The signed link alone: the article's territory and address are not in it.
    path("articles/approbation/<str:token>/", views.approve, name="approve"),
    path(R, views.newsroom, name="newsroom"),
    path(R + "equipe/", views.team, name="team"),
    path(
        R + "equipe/editeurs/<int:user_id>/retirer/",
        views.remove_role,
        {"role": NewsroomRole.EDITOR},
        name="remove_editor",
    ),
    path(
        R + "equipe/contributeurs/<int:user_id>/retirer/",
        views.remove_role,
        {"role": NewsroomRole.CONTRIBUTOR},
        name="remove_contributor",
    ),
    path(R + "nouvel-article/", views.new_article, name="new"),
    path(E, views.edit, name="edit"),
    path(E + "soumettre/", views.submit, name="submit"),
    path(E + "publier/", views.publish, name="publish"),
    path(E + "renvoyer/", views.send_back, name="send_back"),
    path(E + "une/", views.feature, name="feature"),
    path(E + "commentaires/", views.toggle_comments, name="comments"),
    path(E + "personnes/", views.add_portrayed, name="add_portrayed"),
]
