"""Articles for the tests, written through the services as the newsroom writes them."""

from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from entraide.editorial import services
from entraide.editorial.enums import ArticleKind
from entraide.editorial.models import Article
from entraide.editorial.services import ArticleText

BODY = "Le jardin partagé du Vert-Bois accueille chaque samedi une trentaine de voisins."
INTERVIEW = (
    "Rencontre au jardin.\n\nQ : Pourquoi ce jardin ?\n\nR : Pour se retrouver entre voisins.\n"
)


def cover_upload(name: str = "cover.png", size: tuple[int, int] = (900, 500)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, (40, 120, 80)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def text(**fields: Any) -> ArticleText:
    return ArticleText(
        title=fields.pop("title", "Le jardin qui rassemble"),
        standfirst=fields.pop("standfirst", "Au Vert-Bois, un potager commun fait des voisins."),
        body=fields.pop("body", BODY),
        **fields,
    )


def write_article(author: Any, territory: Any, *, kind: str = ArticleKind.ARTICLE, cover: Any = None, **fields: Any) -> Article:  # fmt: skip
    return services.create_article(author, territory, kind=kind, text=text(**fields), cover=cover)


def published_article(editor: Any, territory: Any, **fields: Any) -> Article:
    """An article written, submitted and published by `editor`."""
    article = write_article(editor, territory, **fields)
    services.submit_article(editor, article)
    return services.publish_article(editor, article)
