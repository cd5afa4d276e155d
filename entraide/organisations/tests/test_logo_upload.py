"""The logo field through the real form: every crafted file gets an answer, never a 500."""

import html
import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from entraide.organisations.enums import Interest
from entraide.organisations.models import Organisation
from entraide.organisations.tests import crafted_images as crafted
from entraide.organisations.tests.factories import make_organisation

pytestmark = pytest.mark.django_db

UNREADABLE = "Cette image est abîmée ou incomplète"


def post_new_organisation(client, content: bytes, name: str = "logo.png"):
    return client.post(
        "/organisations/nouvelle/",
        {
            "name": "Repair Café Bragard", "kind": "association",
            "short_description": "On répare ensemble.", "description": "",
            "interests": [Interest.ENVIRONMENT.value], "place": "Saint-Dizier",
            "street_address": "", "website": "", "rna_number": "", "siren": "",
            "logo": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
        },
    )  # fmt: skip


def logo_error(response) -> str:
    """The message shown under the logo field, as the person reads it."""
    assert response.status_code == 200
    match = re.search(r'<p class="error" id="id_logo_error">([^<]*)</p>', response.content.decode())
    assert match, "no message under the logo field"
    return html.unescape(match.group(1))


def stored_logo() -> Image.Image:
    organisation = Organisation.objects.get()
    with organisation.logo.open("rb") as stored:
        image = Image.open(BytesIO(stored.read()))
        image.load()
    return image


@pytest.fixture
def signed_in(client, volunteer, territory):
    client.force_login(volunteer)
    return client


@pytest.mark.parametrize("bomb", [crafted.ztxt_bomb, crafted.itxt_bomb])
@pytest.mark.parametrize("where", ["before_data", "after_data"])
def test_a_png_whose_text_inflates_to_megabytes_is_refused_with_a_message(signed_in, bomb, where):
    content = crafted.png(20, 20, **{where: bomb()})
    assert len(content) < 4000

    response = post_new_organisation(signed_in, content)

    assert logo_error(response).startswith(UNREADABLE)
    assert Organisation.objects.count() == 0


def test_a_text_bomb_sent_to_the_edit_form_is_refused_with_a_message(
    client, association_admin, saint_dizier
):
    organisation = make_organisation(association_admin, saint_dizier)
    client.force_login(association_admin)
    response = client.post(
        f"/organisations/{organisation.slug}/modifier/",
        {
            "name": organisation.name, "kind": organisation.kind,
            "short_description": "Toujours là.", "interests": [Interest.SPORT.value],
            "place": "Saint-Dizier",
            "logo": SimpleUploadedFile("logo.png", crafted.png(20, 20, after_data=crafted.ztxt_bomb())),
        },
    )  # fmt: skip
    assert logo_error(response).startswith(UNREADABLE)
    organisation.refresh_from_db()
    assert organisation.short_description != "Toujours là."


def test_an_8000_pixel_square_png_of_a_few_kilobytes_is_refused_as_too_large(signed_in):
    content = crafted.png(8000, 8000, bit_depth=1)
    assert len(content) < 200_000

    response = post_new_organisation(signed_in, content)

    assert logo_error(response) == (
        "Image trop grande : 8000 × 8000 pixels, au plus 24 millions "
        "de pixels (6000 × 4000 par exemple)."
    )
    assert Organisation.objects.count() == 0


def test_a_30000_pixel_square_image_is_called_too_large_not_corrupted(signed_in):
    # Its pixel data is a few bytes: were it decoded, the message would say it is damaged.
    response = post_new_organisation(signed_in, crafted.png_claiming(30000, 30000))

    assert logo_error(response).startswith("Image trop grande : 30000 × 30000 pixels")


def test_a_jpeg_announcing_60000_pixels_square_is_refused_as_too_large(signed_in):
    response = post_new_organisation(signed_in, crafted.jpeg_claiming(60000, 60000), "logo.jpg")

    assert logo_error(response).startswith("Image trop grande : 60000 × 60000 pixels")


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_a_truncated_image_is_refused_as_damaged(signed_in, image_format):
    content = crafted.encoded(crafted.noisy((300, 300)), image_format)

    response = post_new_organisation(signed_in, content[: len(content) // 2])

    assert logo_error(response) == (
        "Cette image est abîmée ou incomplète : enregistrez-la de nouveau "
        "(JPEG, PNG, WebP ou GIF) puis réessayez."
    )


def test_a_file_that_is_no_image_is_refused_as_unreadable(signed_in):
    response = post_new_organisation(signed_in, b"<script>alert(1)</script>")

    assert logo_error(response) == (
        "Ce fichier n’est pas une image lisible. Formats acceptés : JPEG, PNG, WebP, GIF."
    )


def test_a_cmyk_jpeg_is_accepted_and_stored_in_its_colours(signed_in):
    content = crafted.encoded(Image.new("CMYK", (800, 400), (0, 255, 255, 0)), "JPEG")

    response = post_new_organisation(signed_in, content, "logo.jpg")

    assert response.status_code == 302
    logo = stored_logo()
    assert (logo.format, logo.size) == ("PNG", (400, 200))
    red, green, blue, _alpha = logo.convert("RGBA").getpixel((200, 100))
    assert red > 200 and green < 60 and blue < 60


@pytest.mark.parametrize("image_format", ["GIF", "WEBP"])
def test_an_animated_image_is_accepted_and_its_first_frame_kept(signed_in, image_format):
    response = post_new_organisation(signed_in, crafted.frames(image_format), "logo.gif")

    assert response.status_code == 302
    logo = stored_logo()
    assert (logo.format, logo.size, getattr(logo, "n_frames", 1)) == ("PNG", (120, 80), 1)
    red, green, blue, _alpha = logo.convert("RGBA").getpixel((60, 40))
    assert red > 200 and green < 60 and blue < 60
