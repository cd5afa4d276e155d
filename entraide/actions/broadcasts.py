"""A live broadcast's video: where it is hosted, how it is played, and when it is shown.

A third-party host's player is a page of that host, with its cookies and its trackers: it is
never loaded before the visitor asks (« Afficher la vidéo »), and then only that host is let in
by the response's own Content-Security-Policy (`video_policy`). A video file (MP4, WebM, HLS)
plays in the browser's own `<video>` element; even that request tells the host who watches, so
it waits for the click too (docs/decisions/0043)."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from entraide.actions.models import Action, Slot

# The stream is shown from this long before a slot starts until it ends.
SHOWN_BEFORE = timedelta(minutes=15)
NATIVE_SUFFIXES = (".mp4", ".webm", ".m3u8", ".ogv")
PEERTUBE_PATH = re.compile(r"^/(?:videos/watch|w)/(?:p/)?([0-9A-Za-z-]+)/?$")
ID = r"([0-9A-Za-z_-]+)"


@dataclass(frozen=True)
class Video:
    """A link, understood: the host named to the visitor, the origin the policy lets in, and
    either the player's page to frame (`embed_url`) or a file to play natively."""

    host_name: str
    origin: str
    url: str
    embed_url: str = ""

    @property
    def native(self) -> bool:
        return not self.embed_url

    @property
    def mime_type(self) -> str:
        path = urlsplit(self.url).path.lower()
        if path.endswith(".m3u8"):
            return "application/vnd.apple.mpegurl"
        if path.endswith(".webm"):
            return "video/webm"
        if path.endswith(".ogv"):
            return "video/ogg"
        return "video/mp4"


def _embed(host: str, path: str, query: dict[str, list[str]], url: str, site_host: str) -> str:
    """The host's player page for the link, or "" when the link names no video we can frame."""
    first = query.get("v", [""])[0]
    if host in ("youtube.com", "m.youtube.com", "youtube-nocookie.com"):
        match = re.match(rf"^/(?:embed|live|shorts)/{ID}", path)
        video_id = match.group(1) if match else (first if path == "/watch" else "")
        return f"https://www.youtube-nocookie.com/embed/{video_id}" if video_id else ""
    if host == "youtu.be":
        match = re.match(rf"^/{ID}", path)
        return f"https://www.youtube-nocookie.com/embed/{match.group(1)}" if match else ""
    if host == "vimeo.com":
        match = re.match(r"^/(?:event/)?(\d+)", path)
        if match and path.startswith("/event/"):
            return f"https://vimeo.com/event/{match.group(1)}/embed"
        return f"https://player.vimeo.com/video/{match.group(1)}?dnt=1" if match else ""
    if host == "player.vimeo.com":
        return url
    if host == "dailymotion.com":
        match = re.match(rf"^/(?:embed/)?video/{ID}", path)
        return f"https://www.dailymotion.com/embed/video/{match.group(1)}" if match else ""
    if host == "dai.ly":
        match = re.match(rf"^/{ID}", path)
        return f"https://www.dailymotion.com/embed/video/{match.group(1)}" if match else ""
    if host == "twitch.tv":
        match = re.match(r"^/videos/(\d+)", path)
        target = f"video=v{match.group(1)}" if match else ""
        channel = re.match(rf"^/{ID}/?$", path)
        target = target or (f"channel={channel.group(1)}" if channel else "")
        # Twitch frames itself only under the parent domain named in the link.
        return f"https://player.twitch.tv/?{target}&parent={site_host}" if target else ""
    if host in ("facebook.com", "fb.watch", "m.facebook.com"):
        plugin = "https://www.facebook.com/plugins/video.php?href="
        return plugin + quote(url, safe="")
    return ""


# Hosts named to the visitor, and the origin their player is framed from.
HOSTS = {
    "youtube.com": ("YouTube", "https://www.youtube-nocookie.com"),
    "m.youtube.com": ("YouTube", "https://www.youtube-nocookie.com"),
    "youtube-nocookie.com": ("YouTube", "https://www.youtube-nocookie.com"),
    "youtu.be": ("YouTube", "https://www.youtube-nocookie.com"),
    "vimeo.com": ("Vimeo", "https://player.vimeo.com"),
    "player.vimeo.com": ("Vimeo", "https://player.vimeo.com"),
    "dailymotion.com": ("Dailymotion", "https://www.dailymotion.com"),
    "dai.ly": ("Dailymotion", "https://www.dailymotion.com"),
    "twitch.tv": ("Twitch", "https://player.twitch.tv"),
    "facebook.com": ("Facebook", "https://www.facebook.com"),
    "m.facebook.com": ("Facebook", "https://www.facebook.com"),
    "fb.watch": ("Facebook", "https://www.facebook.com"),
}


def video_of(url: str, site_host: str = "localhost") -> Video | None:
    """The video a broadcast's link names, or None for a link we cannot play here (the page
    then offers the link itself, to open on the host's site)."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return None
    hostname = parts.hostname.lower()
    host = hostname.removeprefix("www.")
    origin = f"https://{hostname}" + (f":{parts.port}" if parts.port else "")
    if parts.path.lower().endswith(NATIVE_SUFFIXES):
        return Video(host_name=hostname, origin=origin, url=url)
    if host in HOSTS:
        embed = _embed(host, parts.path, parse_qs(parts.query), url, site_host)
        if embed:
            name, player_origin = HOSTS[host]
            # Vimeo's live events play from vimeo.com itself.
            if embed.startswith("https://vimeo.com/"):
                player_origin = "https://vimeo.com"
            return Video(host_name=name, origin=player_origin, url=url, embed_url=embed)
        return None
    # A PeerTube instance, chosen by the organisation: its own player (free software, no
    # tracker), framed from the instance; a file of it (HLS, MP4) plays natively above.
    peertube = PEERTUBE_PATH.match(parts.path)
    if peertube:
        name = _("PeerTube (%(host)s)") % {"host": hostname}
        return Video(host_name=str(name), origin=origin, url=url,
                     embed_url=f"{origin}/videos/embed/{peertube.group(1)}")  # fmt: skip
    return None


@dataclass(frozen=True)
class BroadcastMoment:
    """Where a broadcast stands: `live` (a slot runs), `soon` (one starts within 15 minutes),
    `upcoming` (later), `ended` (no slot to come)."""

    state: str
    slot: Slot | None
    video: Video | None
    link: str  # the link the visitor may open on the host's site instead


def broadcast_moment(
    action: Action, upcoming: list[Slot], now: datetime, site_host: str
) -> BroadcastMoment:
    """The moment of a broadcast from its upcoming slots (those not ended, soonest first): the
    stream while it runs or is about to, the replay once every slot has ended."""
    slot = upcoming[0] if upcoming else None
    if slot is None:
        return BroadcastMoment("ended", None, video_of(action.replay_url, site_host)
                               if action.replay_url else None, action.replay_url)  # fmt: skip
    if slot.starts_at <= now:
        state = "live"
    elif slot.starts_at - SHOWN_BEFORE <= now:
        state = "soon"
    else:
        return BroadcastMoment("upcoming", slot, None, "")
    stream = action.stream_url
    return BroadcastMoment(state, slot, video_of(stream, site_host) if stream else None, stream)


def video_policy(video: Video) -> dict[str, Any]:
    """The site's policy with the video's host, and that host only, let in for the player."""
    policy = dict(settings.SECURE_CSP)
    policy["media-src" if video.native else "frame-src"] = [video.origin]
    return policy
