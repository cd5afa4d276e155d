"""Logos: only real images, re-encoded and resized, so an upload never serves as-is."""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 400


def prepare_logo(upload: UploadedFile) -> ContentFile:
    """Check that the upload is an image of an accepted type, then re-encode it as a PNG of at
    most 400×400 (which also drops metadata and anything hidden after the image)."""
    if upload.size and upload.size > MAX_BYTES:
        raise ValidationError(_("Le logo dépasse 5 Mo : choisissez une image plus légère."))
    try:
        image = Image.open(upload)
        image_format = image.format
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("Ce fichier n’est pas une image lisible. Formats acceptés : JPEG, PNG, WebP, GIF.")
        ) from error
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(_("Formats acceptés : JPEG, PNG, WebP, GIF."))
    converted = image.convert("RGBA")
    converted.thumbnail((MAX_SIDE, MAX_SIDE))
    output = BytesIO()
    converted.save(output, format="PNG", optimize=True)
    return ContentFile(output.getvalue(), name="logo.png")
