"""Issue 12, item 4: the site can be added to a phone's home screen: a manifest with the
project's name, colours and icons (each one served, at its declared size), a service worker
at the root, and an offline page that says so plainly and holds nothing of the person."""

import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from PIL import Image

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_manifest_gives_the_name_colours_and_icons_and_each_icon_is_served(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert (manifest["short_name"], manifest["start_url"], manifest["display"]) == (
        "entraide", "/", "standalone",
    )  # fmt: skip
    assert (manifest["theme_color"], manifest["background_color"]) == ("#0b6e4f", "#ffffff")
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        served = client.get(icon["src"])
        assert served.status_code == 200, icon["src"]
        assert served["Content-Type"] == icon["type"]
        if icon["type"] == "image/svg+xml":
            assert ET.fromstring(served.content).tag == "{http://www.w3.org/2000/svg}svg"  # noqa: S314 - our own SVG, served by the test client
        else:
            image = Image.open(io.BytesIO(served.content))
            assert (image.format, f"{image.width}x{image.height}") == ("PNG", icon["sizes"])


def test_maskable_icon_paints_the_whole_square_and_the_plain_one_rounds_its_corners(client):
    maskable = Image.open(
        io.BytesIO(client.get(reverse("core:app_icon_maskable", args=[512])).content)
    )
    plain = Image.open(io.BytesIO(client.get(reverse("core:app_icon", args=[512])).content))
    assert maskable.convert("RGBA").getpixel((0, 0))[3] == 255
    assert plain.convert("RGBA").getpixel((0, 0))[3] == 0


def test_an_icon_size_not_offered_is_not_found(client):
    assert client.get("/icones/entraide-64.png").status_code == 404


def test_every_page_links_the_manifest_and_the_icons(client, territory):
    html = client.get(reverse("territories:home", args=[territory.slug])).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<link rel="apple-touch-icon" href="/icones/entraide-180.png">' in html
    assert 'data-service-worker="/sw.js"' in html


def test_service_worker_is_javascript_at_the_root_that_keeps_the_offline_page(client):
    response = client.get("/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert 'var OFFLINE_URL = "/hors-ligne/";' in body
    assert "/static/css/entraide.css" in body


def test_offline_page_says_so_plainly_and_shows_nothing_of_the_person(client, volunteer):
    client.login(email=volunteer.email, password=PASSWORD)
    html = client.get("/hors-ligne/").content.decode()
    assert "Vous êtes hors ligne" in html
    for personal in ("Camille", "Mon agenda", "Se déconnecter", "csrfmiddlewaretoken"):
        assert personal not in html


def test_no_territory_can_take_the_offline_or_icon_paths(db):
    from entraide.territories.services import create_territory

    for slug in ("hors-ligne", "icones"):
        with pytest.raises(ValueError, match="reserved"):
            create_territory(None, name="X", slug=slug, commune_codes=[])
