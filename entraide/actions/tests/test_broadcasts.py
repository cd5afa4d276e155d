"""A live broadcast's page shows the stream when it is time, « en direct » while it runs and the
replay after; a host's player is loaded only after « Afficher la vidéo », and that response's
Content-Security-Policy lets that host in, and no other."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from entraide.actions.broadcasts import video_of
from entraide.actions.models import Action, Slot
from entraide.actions.tests.factories import make_action
from entraide.organisations.tests.factories import make_organisation

YOUTUBE = "https://www.youtube.com/watch?v=abc123XYZ"


@pytest.mark.parametrize(
    ("url", "host", "origin", "embed"),
    [
        (YOUTUBE, "YouTube", "https://www.youtube-nocookie.com",
         "https://www.youtube-nocookie.com/embed/abc123XYZ"),
        ("https://youtu.be/abc123XYZ", "YouTube", "https://www.youtube-nocookie.com",
         "https://www.youtube-nocookie.com/embed/abc123XYZ"),
        ("https://vimeo.com/76979871", "Vimeo", "https://player.vimeo.com",
         "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://www.dailymotion.com/video/x8abc", "Dailymotion", "https://www.dailymotion.com",
         "https://www.dailymotion.com/embed/video/x8abc"),
        ("https://www.twitch.tv/mairie", "Twitch", "https://player.twitch.tv",
         "https://player.twitch.tv/?channel=mairie&parent=testserver"),
        ("https://www.facebook.com/mairie/videos/123/", "Facebook", "https://www.facebook.com",
         "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fmairie%2Fvideos%2F123%2F"),
        ("https://tube.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv", "PeerTube (tube.example.org)",
         "https://tube.example.org", "https://tube.example.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv"),
        ("https://tube.example.org/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d",
         "PeerTube (tube.example.org)", "https://tube.example.org",
         "https://tube.example.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d"),
        ("https://cdn.example.org/live/concert.m3u8", "cdn.example.org", "https://cdn.example.org", ""),
    ],
)  # fmt: skip
def test_a_broadcast_link_is_recognised_by_its_host(url, host, origin, embed):
    video = video_of(url, "testserver")

    assert video is not None
    assert (video.host_name, video.origin, video.embed_url) == (host, origin, embed)


@pytest.mark.parametrize(
    "url", ["http://www.youtube.com/watch?v=x", "https://example.org/page", "https://vimeo.com/"]
)
def test_a_link_that_names_no_playable_video_is_only_a_link(url):
    assert video_of(url) is None


@pytest.fixture
def broadcast(db, association_admin, saint_dizier, staff):
    organisation = make_organisation(association_admin, saint_dizier, verified_by=staff)
    action = make_action(
        association_admin, organisation, title="Conseil en direct", kind="broadcast",
        is_remote=True, stream_url=YOUTUBE, replay_url="https://tube.example.org/w/replay42",
    )  # fmt: skip
    return action


def _starting_in(action, delta):
    start = timezone.now() + delta
    Slot.objects.filter(action=action).update(starts_at=start, ends_at=start + timedelta(hours=2))


def _third_party_sources(html):
    return [src for src in re.findall(r'\ssrc="([^"]+)"', html) if src.startswith(("http", "//"))]


def test_before_it_is_time_the_page_shows_when_the_stream_starts_and_no_player(client, broadcast):
    _starting_in(broadcast, timedelta(hours=3))

    response = client.get(broadcast.get_absolute_url(), {"video": "1"})

    html = response.text
    assert "la vidéo s’affichera ici un quart d’heure avant" in html
    assert "<iframe" not in html and "Afficher la vidéo" not in html
    assert "frame-src" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("delta", [timedelta(minutes=10), timedelta(minutes=-30)])
def test_when_it_is_time_the_player_waits_for_the_click_then_only_its_host_is_let_in(
    client, broadcast, delta
):
    _starting_in(broadcast, delta)

    before = client.get(broadcast.get_absolute_url())
    after = client.get(broadcast.get_absolute_url(), {"video": "1"})

    assert "Afficher la vidéo" in before.text and "hébergée par YouTube" in before.text
    assert "<iframe" not in before.text
    assert _third_party_sources(before.text) == []
    assert "frame-src" not in before.headers["Content-Security-Policy"]
    assert ("En direct" in before.text) is (delta < timedelta(0))
    assert _third_party_sources(after.text) == ["https://www.youtube-nocookie.com/embed/abc123XYZ"]
    policy = dict(
        part.strip().split(" ", 1) for part in after.headers["Content-Security-Policy"].split(";")
    )
    assert policy["frame-src"] == "https://www.youtube-nocookie.com"
    assert policy["script-src"] == "'self'"


def test_after_the_broadcast_the_replay_is_offered_the_same_way(client, broadcast):
    Slot.objects.filter(action=broadcast).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )

    before = client.get(broadcast.get_absolute_url())
    after = client.get(broadcast.get_absolute_url(), {"video": "1"})

    assert "Le replay" in before.text and "PeerTube (tube.example.org)" in before.text
    assert "En direct" not in before.text
    assert _third_party_sources(before.text) == []
    assert _third_party_sources(after.text) == ["https://tube.example.org/videos/embed/replay42"]
    assert "frame-src https://tube.example.org;" in after.headers["Content-Security-Policy"] + ";"


def test_a_video_file_plays_natively_with_its_host_let_in_for_media_only(client, broadcast):
    Action.objects.filter(pk=broadcast.pk).update(
        stream_url="https://cdn.example.org/live/concert.mp4"
    )
    _starting_in(broadcast, timedelta(minutes=-5))

    before = client.get(broadcast.get_absolute_url())
    after = client.get(broadcast.get_absolute_url(), {"video": "1"})

    assert "<video" not in before.text and _third_party_sources(before.text) == []
    assert '<source src="https://cdn.example.org/live/concert.mp4" type="video/mp4">' in after.text
    header = after.headers["Content-Security-Policy"]
    assert "media-src https://cdn.example.org" in header and "frame-src" not in header
