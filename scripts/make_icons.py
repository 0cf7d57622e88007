"""Draw the home-screen icons of OCSO Santé (web app manifest, iOS) as PNG files in ``assets/icons/``.

Run once when the look changes (``.venv/bin/python scripts/make_icons.py``); the PNGs are committed. Pure
Pillow drawing, nothing downloaded: a navy square, a white ring and OCSO's orange cross. The maskable icon
keeps the drawing inside the central 80 % safe zone that phones may crop to a circle.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

NAVY = (20, 40, 75)
ORANGE = (232, 85, 43)
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "assets" / "icons"


def draw(size: int, *, scale: float = 1.0) -> Image.Image:
    """The icon at ``size`` px; ``scale`` shrinks the drawing (maskable icons keep a margin)."""
    big = size * 4  # drawn large, then reduced: smooth edges without anti-aliasing support in ImageDraw
    image = Image.new("RGB", (big, big), NAVY)
    pen = ImageDraw.Draw(image)
    centre, radius = big / 2, big * 0.36 * scale
    ring = big * 0.075 * scale
    pen.ellipse((centre - radius, centre - radius, centre + radius, centre + radius), fill=WHITE)
    inner = radius - ring
    pen.ellipse((centre - inner, centre - inner, centre + inner, centre + inner), fill=NAVY)
    arm, half = inner * 0.62, inner * 0.2
    pen.rectangle((centre - half, centre - arm, centre + half, centre + arm), fill=ORANGE)
    pen.rectangle((centre - arm, centre - half, centre + arm, centre + half), fill=ORANGE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, scale in (
        ("ocso-sante-192.png", 192, 1.0),
        ("ocso-sante-512.png", 512, 1.0),
        ("ocso-sante-maskable-512.png", 512, 0.8),
        ("apple-touch-icon.png", 180, 1.0),
    ):
        draw(size, scale=scale).save(OUT / name, optimize=True)


if __name__ == "__main__":
    main()
