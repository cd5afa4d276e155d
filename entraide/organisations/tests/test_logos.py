from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from entraide.core.images import prepare_logo


def image_upload(size=(1200, 800), image_format="JPEG", name="logo.jpg"):
    buffer = BytesIO()
    Image.new("RGB", size, "green").save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_large_logo_is_resized_to_400_pixels_and_reencoded_as_png():
    prepared = prepare_logo(image_upload())
    image = Image.open(BytesIO(prepared.read()))
    assert image.format == "PNG"
    assert max(image.size) == 400


def test_a_text_file_named_png_is_refused():
    upload = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(ValidationError, match="pas une image lisible"):
        prepare_logo(upload)


def test_an_image_format_outside_the_list_is_refused():
    with pytest.raises(ValidationError, match="Formats acceptés"):
        prepare_logo(image_upload(size=(50, 50), image_format="BMP", name="logo.bmp"))
