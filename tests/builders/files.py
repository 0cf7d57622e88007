"""Small real files for upload tests: a one-page PDF drawn with reportlab, PNG and JPEG made with Pillow."""

from __future__ import annotations

import io

from PIL import Image
from reportlab.pdfgen import canvas


def make_pdf(text: str = "Devis d'orthodontie") -> bytes:
    """A valid one-page PDF showing ``text``."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_image(fmt: str = "PNG") -> bytes:
    """A valid small image in ``fmt`` (PNG or JPEG)."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 40, 75)).save(buffer, format=fmt)
    return buffer.getvalue()
