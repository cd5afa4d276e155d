"""Uploaded images (logos, photos of posts and requests): only real images, re-encoded and
resized, so an upload never serves as-is.

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
# An image's text chunks are dropped on re-encoding: no reason to inflate more than a little.
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


def prepare_image(
    upload: UploadedFile,
    *,
    max_side: int = MAX_SIDE,
    photo: bool = False,
    name: str = "image",
) -> ContentFile:
    """Check that the upload is an image of an accepted type and size, then re-encode its first
    frame at most `max_side` pixels wide and high (which also drops metadata and anything hidden
    after the image): a PNG for a logo, a JPEG for a photo (`photo=True`), whose PNG would weigh
    ten times as much."""
    if upload.size and upload.size > MAX_BYTES:
        raise ValidationError(_("L’image dépasse 5 Mo : choisissez une image plus légère."))
    image = read_header(upload)
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise too_large(width, height)
    mode = "RGB" if photo else "RGBA"
    try:
        # A JPEG decodes straight at 1/2 to 1/8 of its size, no smaller than twice the target.
        image.draft("RGB", (2 * max_side, 2 * max_side))
        converted = image.convert(mode)
        converted.thumbnail((max_side, max_side))
    # DECODING: Pillow reports a damaged file through many types (OSError, ValueError,
    # SyntaxError, EOFError, struct.error, IndexError...): all mean the same to the person,
    # who gets the field's message rather than an error page.
    except Exception as error:
        raise damaged() from error
    output = BytesIO()
    if photo:
        converted.save(output, format="JPEG", quality=82, optimize=True)
        return ContentFile(output.getvalue(), name=f"{name}.jpg")
    converted.save(output, format="PNG", optimize=True)
    return ContentFile(output.getvalue(), name=f"{name}.png")


def prepare_logo(upload: UploadedFile) -> ContentFile:
    """A logo: a PNG of at most 400×400."""
    return prepare_image(upload, max_side=MAX_SIDE, name="logo")
