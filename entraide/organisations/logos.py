"""Logos: only real images, re-encoded and resized, so an upload never serves as-is.

An upload is read in steps that can each refuse it with the field's message: its header alone
(format and size, no pixel decoded), the pixel count against MAX_PIXELS, then the first frame
decoded and shrunk to 400 px. Pillow's own limits are lowered as well (`limit_decoders`, called
when the app loads) so that any other path opening an image raises instead of decoding a bomb.
"""

from io import BytesIO
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, PngImagePlugin

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 400
# A 24-megapixel photo (6000 × 4000) is the largest a phone or camera commonly saves; decoded it
# takes about 72 MB (96 MB as RGBA), which a web worker can afford once.
MAX_PIXELS = 24_000_000
# A logo's text chunks are dropped on re-encoding: no reason to inflate more than a little.
MAX_TEXT_CHUNK = 64 * 1024
MAX_TEXT_MEMORY = 256 * 1024


def limit_decoders() -> None:
    """Pillow's limits for every image this process opens: past 2 × MAX_PIXELS Image.open raises
    DecompressionBombError, and a PNG's text inflating past these sizes raises ValueError."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    PngImagePlugin.MAX_TEXT_CHUNK = MAX_TEXT_CHUNK
    PngImagePlugin.MAX_TEXT_MEMORY = MAX_TEXT_MEMORY


def unreadable() -> ValidationError:
    return ValidationError(
        _("Ce fichier n’est pas une image lisible. Formats acceptés : JPEG, PNG, WebP, GIF."),
        code="unreadable",
    )


def damaged() -> ValidationError:
    return ValidationError(
        _(
            "Cette image est abîmée ou incomplète : enregistrez-la de nouveau (JPEG, PNG, WebP ou GIF) puis réessayez."
        ),
        code="damaged",
    )


def too_large(width: int, height: int) -> ValidationError:
    return ValidationError(
        _(
            "Image trop grande : %(width)d × %(height)d pixels, au plus %(millions)d millions de pixels (6000 × 4000 par exemple)."
        )
        % {"width": width, "height": height, "millions": MAX_PIXELS // 1_000_000},
        code="too_large",
    )


def read_header(upload: IO[bytes]) -> ImageFile.ImageFile:
    """Identify the upload among the accepted formats from its header, as Image.open does but
    without Pillow's pixel check, so that an oversized image can be named with its size.
    Nothing is decoded yet; trying only four parsers also keeps the others' bugs away."""
    Image.init()
    upload.seek(0)
    prefix = upload.read(16)
    for image_format in ACCEPTED_FORMATS:
        factory, accept = Image.OPEN[image_format]
        if accept is not None and accept(prefix) is not True:
            continue
        upload.seek(0)
        try:
            return factory(upload, "")
        except Exception as error:  # see DECODING below: every failure means a damaged file
            raise damaged() from error
    raise unreadable()


def prepare_logo(upload: UploadedFile) -> ContentFile:
    """Check that the upload is an image of an accepted type and size, then re-encode its first
    frame as a PNG of at most 400×400 (which also drops metadata and anything hidden after the
    image)."""
    if upload.size and upload.size > MAX_BYTES:
        raise ValidationError(_("Le logo dépasse 5 Mo : choisissez une image plus légère."))
    image = read_header(upload)
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise too_large(width, height)
    try:
        # A JPEG decodes straight at 1/2 to 1/8 of its size, no smaller than twice the logo's.
        image.draft("RGB", (2 * MAX_SIDE, 2 * MAX_SIDE))
        converted = image.convert("RGBA")
        converted.thumbnail((MAX_SIDE, MAX_SIDE))
    # DECODING: Pillow reports a damaged file through many types (OSError, ValueError,
    # SyntaxError, EOFError, struct.error, IndexError...): all mean the same to the person,
    # who gets the field's message rather than an error page.
    except Exception as error:
        raise damaged() from error
    output = BytesIO()
    converted.save(output, format="PNG", optimize=True)
    return ContentFile(output.getvalue(), name="logo.png")
