"""Hostile and unusual image files, built byte by byte so that each test says what it sends."""

import random
import struct
import zlib
from io import BytesIO

from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(
    width: int,
    height: int,
    *,
    before_data: bytes = b"",
    after_data: bytes = b"",
    image_data: bytes | None = None,
    bit_depth: int = 8,
) -> bytes:
    """A greyscale PNG; its pixel data is zeros unless `image_data` replaces it."""
    header = struct.pack(">IIBBBBB", width, height, bit_depth, 0, 0, 0, 0)
    if image_data is None:
        row = b"\0" * (1 + (width * bit_depth + 7) // 8)  # filter byte, then the row
        compressor = zlib.compressobj(9)
        image_data = b"".join(compressor.compress(row) for _ in range(height))
        image_data += compressor.flush()
    return (
        PNG_SIGNATURE
        + png_chunk(b"IHDR", header)
        + before_data
        + png_chunk(b"IDAT", image_data)
        + after_data
        + png_chunk(b"IEND", b"")
    )


def ztxt_bomb(inflated: int = 2_000_000) -> bytes:
    """A compressed text chunk of a few kilobytes that inflates to `inflated` bytes."""
    return png_chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"a" * inflated, 9))


def itxt_bomb(inflated: int = 2_000_000) -> bytes:
    """The international text chunk, compressed (flag 1, method 0), language fr."""
    return png_chunk(b"iTXt", b"Comment\0\x01\0fr\0\0" + zlib.compress(b"a" * inflated, 9))


def png_claiming(width: int, height: int) -> bytes:
    """A header announcing a huge image, followed by a few bytes of pixel data only."""
    return png(width, height, image_data=zlib.compress(b"\0" * 64))


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real small JPEG whose frame header is rewritten to announce width × height."""
    data = bytearray(encoded(Image.new("RGB", (16, 16), "red"), "JPEG"))
    start_of_frame = data.index(b"\xff\xc0")
    # marker (2), length (2), precision (1), then height and width on two bytes each
    data[start_of_frame + 5 : start_of_frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def encoded(image: Image.Image, image_format: str, **options: object) -> bytes:
    buffer = BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def noisy(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Noise does not compress, so a cut file is missing most of its pixels."""
    return Image.frombytes(mode, size, random.Random(1).randbytes(size[0] * size[1] * len(mode)))


def frames(image_format: str, colours: tuple[str, ...] = ("red", "green", "blue")) -> bytes:
    """An animation with one frame per colour."""
    images = [Image.new("RGB", (120, 80), colour) for colour in colours]
    return encoded(
        images[0], image_format, save_all=True, append_images=images[1:], duration=100, loop=0
    )
