"""The demo's local media: on each demo territory an editor (Élise, given the role by Sophie),
Camille as a contributor in Saint-Dizier, and four published articles (an interview, a portrait
of an initiative, two articles, one featured) linking the territory's actions and
associations, the people portrayed having approved them, a draft waiting for review, and
readers' comments. Everything goes through editorial.services; covers are drawn with Pillow
here (no third-party image), drawn from `random.Random(seed)` alone."""

import random
from dataclasses import dataclass
from io import BytesIO

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from PIL import Image, ImageDraw

from entraide.accounts.models import User
from entraide.editorial import selectors, services
from entraide.editorial.enums import ArticleKind
from entraide.editorial.models import Article
from entraide.editorial.services import ArticleText
from entraide.organisations.enums import Interest
from entraide.territories.models import Territory

from .generator import DEMO_DOMAIN, DEMO_PASSWORD

EDITOR_EMAIL = f"elise@{DEMO_DOMAIN}"
PALETTES = [((11, 110, 79), (240, 200, 90)), ((30, 80, 160), (250, 160, 120)),
            ((150, 60, 110), (250, 230, 170)), ((60, 120, 40), (200, 230, 250))]  # fmt: skip

INTERVIEW = """Rencontre avec {name}, qui donne de son temps chaque semaine à {place}.

Q : Comment tout a commencé ?

R : Par hasard, un samedi matin : on m’a tendu une bêche, et je suis revenue la semaine suivante.

Q : Qu’est-ce qui vous fait revenir ?

R : Les gens. On arrive seul, on repart avec des voisins. Et la fierté de voir pousser ce qu’on a planté ensemble.

Q : Un conseil pour qui hésite ?

R : Venez une fois, sans engagement. Il y a toujours une place et quelqu’un pour vous montrer."""

PORTRAIT = """**{org}** rassemble des habitants de {place} autour d’une idée simple : faire ensemble plutôt que chacun de son côté.

Chaque semaine, des bénévoles de tous âges s’y retrouvent. Certains viennent une heure, d’autres toute la journée ; tous disent la même chose : on y apprend autant qu’on y donne.

### Ce qu’on peut y faire

- donner un coup de main ponctuel ;
- proposer une compétence ;
- venir découvrir, simplement.

Les prochains rendez-vous sont juste en dessous : un clic suffit pour s’inscrire."""

ARTICLES = [
    ("Ces voisins qui réinventent l’entraide", "De plus en plus d’habitants de {place} se retrouvent pour agir près de chez eux : petit tour des initiatives qui font du bien.",
     "À {place}, l’entraide ne fait pas de bruit, mais elle avance. Des jardins partagés aux ateliers de réparation, des habitants prennent le temps de faire ensemble.\n\nCe qui les réunit ? L’envie d’être utile, tout près de chez soi, et de rencontrer ses voisins autrement.\n\nVous voulez essayer ? Les actions ci-dessous cherchent encore du monde."),
    ("Bénévole une heure par mois : c’est possible", "Pas besoin de s’engager pour l’année : à {place}, de nombreuses actions accueillent des bénévoles pour un créneau.",
     "On imagine souvent le bénévolat comme un engagement lourd. Les associations de {place} montrent le contraire : une heure, un samedi, suffit souvent à changer la journée de quelqu’un.\n\n*Trois idées pour commencer :* choisir une action près de chez soi, venir avec un ami, et se laisser guider."),
]  # fmt: skip


@dataclass
class EditorialSummary:
    articles: int = 0
    comments: int = 0


def cover_image(rng: random.Random, name: str) -> SimpleUploadedFile:
    """A calm generated picture: a two-colour gradient with soft circles and hills."""
    (top, bottom) = rng.choice(PALETTES)
    # Smaller than the largest width (1600): the demo loads in every fresh start and its tests.
    width, height = 1200, 675
    image = Image.new("RGB", (width, height), top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        ratio = y / height
        colour = tuple(int(t + (b - t) * ratio) for t, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    for _ in range(6):
        x, y, r = rng.randrange(width), rng.randrange(height // 2), rng.randrange(40, 160)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(255, 255, 255))
    for layer in range(3):
        base = height - 120 * (3 - layer)
        points = (
            [(0, height)]
            + [(x, base + rng.randrange(-60, 60)) for x in range(0, width + 200, 200)]
            + [(width, height)]
        )
        draw.polygon(points, fill=tuple(max(c - 40 * layer, 0) for c in top))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return SimpleUploadedFile(f"{name}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _editor() -> User:
    editor = User.objects.filter(email=EDITOR_EMAIL).first()
    if editor is None:
        editor = User.objects.create_user(
            EDITOR_EMAIL, None, first_name="Élise", last_name="Moreau"
        )
        editor.password = make_password(DEMO_PASSWORD)
        editor.save(update_fields=["password"])
        EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    return editor


def _publish(editor: User, article: Article) -> None:
    services.submit_article(editor, article)
    services.publish_article(editor, article)


def _write_territory(rng: random.Random, territory: Territory, people: dict[str, User], summary: EditorialSummary) -> None:  # fmt: skip
    editor, sophie = people["elise"], people["sophie"]
    services.give_editor_role(sophie, territory, editor)
    actions = list(selectors.linkable_actions(territory)[:40])
    organisations = list(selectors.linkable_organisations(territory)[:40])
    rng.shuffle(actions)
    place = territory.name

    # An interview of Camille (Saint-Dizier) or Olivier (Paris), who approve it.
    portrayed = people["camille"] if territory.slug == "saint-dizier" else people["olivier"]
    action = actions[0] if actions else None
    interview = services.create_article(
        editor, territory, kind=ArticleKind.INTERVIEW,
        text=ArticleText(
            title=f"{portrayed.first_name}, bénévole : « On arrive seul, on repart avec des voisins »",
            standfirst=f"{portrayed.first_name} donne quelques heures par mois à {place}. Rencontre.",
            body=INTERVIEW.format(name=portrayed.first_name, place=place),
            cover_alt="Une illustration aux couleurs douces : des collines sous un ciel clair.",
            interests=[Interest.SOLIDARITY.value],
            action_ids=[action.pk] if action else [],
            organisation_ids=[action.organisation_id] if action else [],
        ),
        cover=cover_image(rng, "entretien"),
    )  # fmt: skip
    services.approve_portrayal(
        portrayed, services.add_portrayed_person(editor, interview, person=portrayed), photo=True
    )
    _publish(editor, interview)

    # A portrait of an initiative, approved by its founder (Alex, or an owner).
    organisation = organisations[0] if organisations else None
    if organisation is not None:
        founder = organisation.memberships.order_by("pk").first()
        portrait = services.create_article(
            editor, territory, kind=ArticleKind.PORTRAIT,
            text=ArticleText(
                title=f"{organisation.name} : faire ensemble, tout simplement",
                standfirst=f"Portrait d’une initiative qui rassemble les habitants de {place}.",
                body=PORTRAIT.format(org=organisation.name, place=place),
                cover_alt="Une illustration : un paysage de collines au lever du jour.",
                interests=[i.value for i in Interest.from_mask(organisation.interests)][:3],
                organisation_ids=[organisation.pk],
                action_ids=[a.pk for a in actions if a.organisation_id == organisation.pk][:2],
            ),
            cover=cover_image(rng, "portrait"),
        )  # fmt: skip
        if founder is not None:
            person = founder.person
            services.approve_portrayal(
                person, services.add_portrayed_person(editor, portrait, person=person), photo=True
            )
        _publish(editor, portrait)

    # Two articles: one by the editor, featured; one by Camille, contributor in Saint-Dizier.
    writer = editor
    if territory.slug == "saint-dizier":
        services.add_contributor(editor, territory, people["camille"])
        writer = people["camille"]
    published = []
    for number, (title, standfirst, body) in enumerate(ARTICLES):
        author = editor if number == 0 else writer
        article = services.create_article(
            author, territory, kind=ArticleKind.ARTICLE,
            text=ArticleText(
                title=title, standfirst=standfirst.format(place=place),
                body=body.format(place=place),
                cover_alt="Une illustration : des formes douces sur un dégradé de couleurs.",
                interests=[Interest.SOLIDARITY.value, Interest.CITIZENSHIP.value],
                action_ids=[a.pk for a in actions[1 + 2 * number : 3 + 2 * number]],
            ),
            cover=cover_image(rng, f"article-{number}"),
        )  # fmt: skip
        services.submit_article(author, article)
        services.publish_article(editor, article)
        published.append(article)
    services.feature_article(editor, published[0], featured=True)
    summary.articles += 4

    # A draft waiting for review, and comments.
    waiting = services.create_article(
        writer, territory, kind=ArticleKind.ARTICLE,
        text=ArticleText(title="La fête des voisins se prépare", standfirst="Rendez-vous le mois prochain sur la place.",
                         body="Le brouillon de l’article sur la fête des voisins, à relire par la rédaction."),
    )  # fmt: skip
    services.submit_article(writer, waiting)
    readers = [people["olivier"], people["alex"], people["camille"]]
    for article, reader, words in (
        (interview, readers[1], "Merci pour ce bel entretien, ça donne envie de venir !"),
        (published[0], readers[0], "Très bonne idée, je m’inscris pour samedi."),
        (published[0], readers[2], "On se retrouve là-bas ?"),
    ):
        services.post_comment(reader, article, body=words)
        summary.comments += 1


def write_editorial(seed: int) -> EditorialSummary:
    """Once the demo's territories and personas exist (load_demo), in one transaction, with
    the tasks dropped as load_demo drops them (its e-mails go to made-up addresses)."""
    rng = random.Random(seed)
    summary = EditorialSummary()
    no_tasks = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    with override_settings(TASKS=no_tasks), transaction.atomic():
        people = {
            key: User.objects.get(email=f"{key}@{DEMO_DOMAIN}")
            for key in ("sophie", "camille", "alex", "olivier")
        }
        people["elise"] = _editor()
        for territory in Territory.objects.filter(slug__in=["saint-dizier", "paris"]).order_by(
            "slug"
        ):
            _write_territory(rng, territory, people, summary)
    return summary
