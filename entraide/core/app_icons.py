"""The icon of the web app, drawn by the project: a white heart on the site's green. The SVG
is written here by hand; the PNG sizes a phone's home screen asks for are drawn from the same
shapes with Pillow when first requested, so no image file is kept in the repository."""

import io
from functools import lru_cache

from PIL import Image, ImageDraw

GREEN = "#0b6e4f"
WHITE = "#ffffff"
# The sizes a manifest usually lists (Android 192 and 512, iOS 180); maskable ones keep their
# motif inside the central safe circle and paint the whole square.
ICON_SIZES = (180, 192, 512)
MASKABLE_SIZES = (192, 512)

# On a 100-unit square: two circles and a triangle make the heart.
_LEFT_LOBE = (36.0, 42.0, 15.0)  # centre x, centre y, radius
_RIGHT_LOBE = (64.0, 42.0, 15.0)
_POINT = [(21.8, 47.0), (78.2, 47.0), (50.0, 79.0)]
_CORNER = 22.0

ICON_SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
<title>entraide</title>
<rect width="100" height="100" rx="{_CORNER:g}" fill="{GREEN}"/>
<g fill="{WHITE}">
<circle cx="{_LEFT_LOBE[0]:g}" cy="{_LEFT_LOBE[1]:g}" r="{_LEFT_LOBE[2]:g}"/>
<circle cx="{_RIGHT_LOBE[0]:g}" cy="{_RIGHT_LOBE[1]:g}" r="{_RIGHT_LOBE[2]:g}"/>
<polygon points="{" ".join(f"{x:g},{y:g}" for x, y in _POINT)}"/>
</g>
</svg>
"""


@lru_cache(maxsize=len(ICON_SIZES) + len(MASKABLE_SIZES))
def icon_png(size: int, *, maskable: bool = False) -> bytes:
    """The icon as a PNG of `size` pixels, drawn four times larger and scaled down (smooth
    edges without an antialiasing renderer)."""
    scale = size * 4 / 100
    image = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, size * 4, size * 4), fill=GREEN)
    else:
        draw.rounded_rectangle(
            (0, 0, size * 4 - 1, size * 4 - 1), radius=_CORNER * scale, fill=GREEN
        )
    for x, y, r in (_LEFT_LOBE, _RIGHT_LOBE):
        draw.ellipse(
            ((x - r) * scale, (y - r) * scale, (x + r) * scale, (y + r) * scale), fill=WHITE
        )
    draw.polygon([(x * scale, y * scale) for x, y in _POINT], fill=WHITE)
    output = io.BytesIO()
    image.resize((size, size), Image.Resampling.LANCZOS).save(output, format="PNG", optimize=True)
    return output.getvalue()
