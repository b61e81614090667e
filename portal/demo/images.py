"""Pictures for the demo, drawn with Pillow: a sky, hills and one of five simple scenes of a
Ruhr-area town (a street with a pit headframe, a market, a park, a factory hall, a river).

They are saved through the models' WebImageField, so the demo goes through the same
cleaning and rendition path as an upload in the back office."""

import io
import math
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFilter

from projects.models import ProjectImage

SIZE = (1600, 1000)
HORIZON = 640
SKIES = (
    ((255, 196, 140), (120, 160, 210)),  # morning
    ((150, 200, 240), (225, 240, 250)),  # day
    ((250, 150, 110), (70, 70, 130)),  # dusk
)
HOUSE_COLOURS = ((196, 92, 68), (222, 170, 90), (120, 150, 170), (170, 120, 150), (110, 150, 110), (230, 215, 190))
CREDIT = "Illustration: Stadt Ruhrbach / J. Beispiel"


def _sky(rnd):
    bottom, top = rnd.choice(SKIES)
    mask = Image.linear_gradient("L").resize((1, SIZE[1])).resize(SIZE, Image.Resampling.NEAREST)
    return Image.composite(Image.new("RGB", SIZE, bottom), Image.new("RGB", SIZE, top), mask)


def _sun(image, rnd):
    """A sun with a soft halo; the halo is blurred small and scaled up, which is quick."""
    x, y, r = rnd.randint(250, 1350), rnd.randint(150, 380), rnd.randint(55, 85)
    patch = 2 * r + 60  # a quarter of the halo's box, which is 4r + 240 pixels wide
    glow = Image.new("RGBA", (patch, patch), (255, 240, 200, 0))
    ImageDraw.Draw(glow).ellipse((30, 30, patch - 30, patch - 30), fill=(255, 240, 200, 90))
    glow = glow.filter(ImageFilter.GaussianBlur(10)).resize((patch * 2, patch * 2), Image.Resampling.BILINEAR)
    image.paste(glow, (x - patch, y - patch), glow)
    ImageDraw.Draw(image).ellipse((x - r, y - r, x + r, y + r), fill=(255, 236, 170))


def _hills(draw, rnd, base, colours):
    for layer, colour in enumerate(colours):
        phase, height = rnd.random() * 6, 60 - layer * 15
        points = [
            (x, base - layer * 30 - height * (0.6 + 0.4 * math.sin(x / (230 + layer * 90) + phase)))
            for x in range(0, SIZE[0] + 40, 40)
        ]
        draw.polygon([(0, SIZE[1]), *points, (SIZE[0], SIZE[1])], fill=colour)


def _headframe(draw, x, ground, colour=(60, 60, 70)):
    top = ground - 330
    for dx in (-70, 70):
        draw.line((x + dx, ground, x + dx // 3, top), fill=colour, width=10)
    for level in range(ground - 60, top, -60):
        spread = 70 - (ground - level) * 47 / 330
        draw.line((x - spread, level, x + spread, level - 40), fill=colour, width=5)
    draw.line((x - 40, top, x + 130, ground - 120), fill=colour, width=9)
    for dx in (-16, 16):
        draw.ellipse((x + dx - 34, top - 40, x + dx + 34, top + 28), outline=colour, width=8)


def _house(draw, rnd, x, width, ground):
    height = rnd.randint(180, 320)
    colour = rnd.choice(HOUSE_COLOURS)
    draw.rectangle((x, ground - height, x + width, ground), fill=colour)
    draw.polygon(
        [(x - 10, ground - height), (x + width / 2, ground - height - 70), (x + width + 10, ground - height)],
        fill=(90, 60, 55),
    )
    for wy in range(ground - height + 30, ground - 60, 70):
        for wx in range(x + 20, x + width - 40, 60):
            lit = rnd.random() < 0.4
            draw.rectangle((wx, wy, wx + 30, wy + 40), fill=(255, 225, 140) if lit else (70, 90, 110))
    draw.rectangle((x + width / 2 - 20, ground - 70, x + width / 2 + 20, ground), fill=(80, 55, 45))


def _tree(draw, rnd, x, ground, scale=1.0):
    draw.rectangle((x - 8 * scale, ground - 90 * scale, x + 8 * scale, ground), fill=(95, 70, 50))
    green = (rnd.randint(50, 90), rnd.randint(120, 160), rnd.randint(60, 90))
    for dx, dy, r in ((0, -150, 70), (-45, -110, 55), (45, -110, 55)):
        draw.ellipse(
            (x + (dx - r) * scale, ground + (dy - r) * scale, x + (dx + r) * scale, ground + (dy + r) * scale),
            fill=green,
        )


def _street(draw, rnd, ground):
    draw.rectangle((0, ground, SIZE[0], SIZE[1]), fill=(150, 150, 150))
    x = 40
    while x < SIZE[0] - 100:
        width = rnd.randint(180, 260)
        _house(draw, rnd, x, width, ground)
        x += width + rnd.randint(20, 60)


def _scene_stadt(image, draw, rnd):
    _hills(draw, rnd, HORIZON - 40, [(150, 170, 160)])
    _headframe(draw, rnd.randint(900, 1300), HORIZON - 10)
    _street(draw, rnd, 820)


def _scene_markt(image, draw, rnd):
    _street(draw, rnd, 720)
    for i in range(5):
        x = 80 + i * 310
        colour = rnd.choice(((200, 60, 60), (40, 110, 170), (60, 140, 90), (230, 150, 40)))
        for s in range(6):
            fill = colour if s % 2 == 0 else (250, 245, 235)
            draw.polygon(
                [(x + s * 40, 780), (x + s * 40 + 40, 780), (x + s * 40 + 48, 840), (x + s * 40 + 8, 840)], fill=fill
            )
        draw.rectangle((x + 10, 840, x + 240, 930), fill=(140, 100, 70))
        for fx in range(x + 30, x + 230, 45):
            draw.ellipse((fx, 820, fx + 30, 850), fill=rnd.choice(((230, 80, 60), (250, 200, 60), (120, 180, 70))))


def _scene_park(image, draw, rnd):
    _hills(draw, rnd, HORIZON + 40, [(140, 180, 130), (110, 160, 100), (90, 145, 85)])
    draw.polygon([(700, SIZE[1]), (900, SIZE[1]), (820, 700), (790, 700)], fill=(220, 200, 160))
    trees = [(rnd.randint(760, 960), rnd.choice((rnd.randint(60, 640), rnd.randint(960, 1540)))) for _ in range(7)]
    for ground, x in sorted(trees):  # the far ones first
        _tree(draw, rnd, x, ground, 0.6 + (ground - 700) / 300)
    draw.rectangle((1000, 880, 1160, 900), fill=(120, 80, 50))
    draw.rectangle((1010, 900, 1020, 940), fill=(60, 60, 60))
    draw.rectangle((1140, 900, 1150, 940), fill=(60, 60, 60))


def _scene_werkstatt(image, draw, rnd):
    _hills(draw, rnd, HORIZON, [(160, 170, 170)])
    draw.rectangle((0, 860, SIZE[0], SIZE[1]), fill=(120, 120, 115))
    draw.rectangle((1250, 300, 1310, 860), fill=(150, 75, 60))
    left, right, top = 250, 1150, 560
    draw.rectangle((left, top, right, 860), fill=(170, 85, 65))
    for x in range(left, right, 150):
        draw.polygon([(x, top), (x + 110, top - 110), (x + 110, top), (x + 150, top)], fill=(90, 90, 100))
        draw.rectangle((x + 30, 640, x + 120, 760), fill=(200, 215, 225))
    draw.rectangle((640, 760, 760, 860), fill=(70, 60, 55))
    for x in (120, 1450):
        _tree(draw, rnd, x, 900, 1.2)


def _scene_fluss(image, draw, rnd):
    _hills(draw, rnd, HORIZON, [(120, 140, 150), (100, 130, 110)])
    draw.rectangle((0, 700, SIZE[0], SIZE[1]), fill=(110, 160, 100))
    draw.polygon([(0, 820), (SIZE[0], 760), (SIZE[0], 900), (0, 980)], fill=(80, 130, 180))
    for _ in range(40):
        y, x = rnd.randint(780, 950), rnd.randint(0, SIZE[0])
        draw.line((x, y, x + rnd.randint(30, 90), y), fill=(190, 215, 235), width=3)
    for x in range(60, SIZE[0], 220):
        _tree(draw, rnd, x + rnd.randint(-40, 40), 760, rnd.uniform(0.7, 1.1))


SCENES = {
    "stadt": _scene_stadt,
    "markt": _scene_markt,
    "park": _scene_park,
    "werkstatt": _scene_werkstatt,
    "fluss": _scene_fluss,
}


def picture(scene, seed):
    """A JPEG (bytes) of ``scene``; the same seed always draws the same picture."""
    rnd = random.Random(f"{scene}-{seed}")
    image = _sky(rnd)
    _sun(image, rnd)
    draw = ImageDraw.Draw(image)
    SCENES[scene](image, draw, rnd)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def _upload(name, scene, seed):
    return SimpleUploadedFile(f"{name}.jpg", picture(scene, seed), content_type="image/jpeg")


def district_images_load(*, districts, scenes):
    """A picture for each district that has a scene and no image yet."""
    made = 0
    for slug, scene in scenes.items():
        district = districts[slug]
        if scene and not district.image:
            district.image = _upload(slug, scene, slug)
            district.full_clean()
            district.save()
            made += 1
    return made


def project_images_load(*, projects, pictures):
    """The pictures of each project, by position; existing ones are left alone."""
    made = 0
    for slug, wishes in pictures.items():
        project = projects[slug]
        existing = set(project.images.values_list("position", flat=True))
        for position, (scene, alt_text, caption) in enumerate(wishes):
            if position in existing:
                continue
            image = ProjectImage(
                project=project,
                image=_upload(f"{slug}-{position + 1}", scene, f"{slug}-{position}"),
                alt_text=alt_text,
                caption=caption,
                credit=CREDIT,
                position=position,
            )
            image.full_clean()
            image.save()
            made += 1
    return made
