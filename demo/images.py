"""Stylised photos for the demo, drawn with Pillow (nothing is downloaded).

Each scene is deterministic for a given seed, so reloading the demo draws the same pictures.
"""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

SKIN = [(224, 182, 150), (206, 160, 124), (190, 142, 108), (232, 196, 166)]
HAIR = [(25, 22, 20), (40, 32, 28), (60, 50, 45), (30, 28, 30), (120, 118, 116)]
SHIRTS = [(245, 245, 240), (230, 234, 240), (60, 80, 130), (240, 240, 235), (90, 110, 90), (250, 250, 250)]


def _font(size: int):
    for name in ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf", "LiberationSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return None


def _gradient(size, top, bottom) -> Image.Image:
    width, height = size
    img = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(img)
    for y in range(height):
        t = y / max(1, height - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    return img


def _star(draw, cx, cy, r, fill):
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.4
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=fill)


def _person(draw, x, y, scale, rng, *, shirt=None):
    """A seated figure seen from behind or the front: shoulders and a head."""
    shirt = shirt or rng.choice(SHIRTS)
    w, h = 46 * scale, 40 * scale
    draw.rounded_rectangle([x - w / 2, y, x + w / 2, y + h], radius=14 * scale, fill=shirt)
    r = 13 * scale
    draw.ellipse([x - r, y - 2 * r + 4 * scale, x + r, y + 4 * scale], fill=rng.choice(SKIN))
    draw.chord(
        [x - r, y - 2 * r + 2 * scale, x + r, y + 2 * scale], start=180, end=360, fill=rng.choice(HAIR)
    )


def _banner_text(draw, box, text, fill):
    font = _font(max(12, int((box[3] - box[1]) * 0.34)))
    if font is None or not text:
        x0, y0, x1, y1 = box
        for i, width in enumerate((0.8, 0.6)):
            cy = y0 + (i + 1) * (y1 - y0) / 3
            span = (x1 - x0) * width
            draw.rounded_rectangle(
                [(x0 + x1 - span) / 2, cy - 6, (x0 + x1 + span) / 2, cy + 6], radius=6, fill=fill
            )
        return
    lines = text.split("\n")
    max_width = (box[2] - box[0]) * 0.92
    widest = max(font.getlength(line) for line in lines)
    if widest > max_width:
        font = _font(max(10, int(font.size * max_width / widest))) or font
    line_height = (box[3] - box[1]) / (len(lines) + 1)
    for i, line in enumerate(lines):
        cx, cy = (box[0] + box[2]) / 2, box[1] + line_height * (i + 1)
        draw.text((cx, cy), line, font=font, fill=fill, anchor="mm")


def conference_hall(width=1600, height=1067, seed=35, banner="HỘI NGHỊ\nBAN CHỈ ĐẠO 35 HUYỆN") -> Image.Image:
    """A district conference: red backdrop with a banner, presidium table, speaker, audience."""
    rng = random.Random(seed)
    img = _gradient((width, height), (70, 20, 20), (120, 40, 30))
    draw = ImageDraw.Draw(img)
    # Backdrop with a gold frame, a star and the banner.
    bx0, by0, bx1, by1 = width * 0.08, height * 0.06, width * 0.92, height * 0.5
    draw.rectangle(
        [bx0, by0, bx1, by1], fill=(178, 24, 30), outline=(236, 190, 70), width=max(4, width // 300)
    )
    _star(draw, bx0 + (by1 - by0) * 0.45, (by0 + by1) / 2, (by1 - by0) * 0.28, (250, 215, 60))
    _banner_text(draw, (bx0 + (by1 - by0) * 0.9, by0 + 10, bx1 - 20, by1 - 10), banner, (250, 226, 120))
    # Stage floor and presidium table with a blue cloth and flowers.
    draw.rectangle([0, by1, width, height * 0.62], fill=(110, 70, 45))
    for i in range(6):
        _person(
            draw, width * (0.22 + i * 0.09), height * 0.505, 1.4 * width / 1600, rng, shirt=(245, 245, 240)
        )
    draw.rectangle([width * 0.16, height * 0.56, width * 0.72, height * 0.64], fill=(32, 70, 140))
    for i in range(9):
        cx = width * (0.19 + i * 0.063)
        draw.ellipse([cx - 18, height * 0.55 - 18, cx + 18, height * 0.55 + 18], fill=(240, 200, 40))
        draw.ellipse([cx - 9, height * 0.55 - 28, cx + 9, height * 0.55 - 10], fill=(60, 140, 60))
    # The speaker at the podium, right.
    px = width * 0.82
    _person(draw, px, height * 0.47, 1.6 * width / 1600, rng, shirt=(250, 250, 250))
    draw.polygon(
        [
            (px - 70, height * 0.53),
            (px + 70, height * 0.53),
            (px + 55, height * 0.7),
            (px - 55, height * 0.7),
        ],
        fill=(125, 60, 35),
    )
    _star(draw, px, height * 0.6, 26, (250, 215, 60))
    # The audience in rows, larger towards the camera.
    for row in range(5):
        y = height * (0.68 + row * 0.075)
        scale = (1.5 + row * 0.45) * width / 1600
        step = 70 * scale
        offset = rng.uniform(0, step)
        x = -step + offset
        while x < width + step:
            _person(draw, x, y, scale, rng)
            x += step * rng.uniform(0.95, 1.1)
    return img.filter(ImageFilter.GaussianBlur(0.6))


def training_room(width=1200, height=800, seed=1) -> Image.Image:
    """A training session: a projection screen with slides and rows of participants."""
    rng = random.Random(seed)
    wall = rng.choice([(225, 220, 205), (210, 222, 230), (230, 215, 200)])
    img = _gradient((width, height), wall, tuple(max(0, c - 40) for c in wall))
    draw = ImageDraw.Draw(img)
    sx0, sy0, sx1, sy1 = width * 0.2, height * 0.08, width * 0.8, height * 0.5
    draw.rectangle([sx0, sy0, sx1, sy1], fill=(250, 250, 252), outline=(80, 80, 80), width=4)
    draw.rectangle([sx0 + 20, sy0 + 20, sx1 - 20, sy0 + 70], fill=(170, 30, 30))
    for i in range(5):
        y = sy0 + (sy1 - sy0) * (0.3 + i * 0.13)
        bar = rng.uniform(0.4, 0.85) * (sx1 - sx0 - 80)
        draw.rounded_rectangle(
            [sx0 + 40, y, sx0 + 40 + bar, y + height * 0.018], radius=7, fill=(120, 130, 150)
        )
    for row in range(4):
        y = height * (0.6 + row * 0.1)
        scale = (1.2 + row * 0.35) * width / 1200
        x = rng.uniform(0, 40)
        while x < width + 40:
            _person(draw, x, y, scale, rng)
            x += 80 * scale
    return img.filter(ImageFilter.GaussianBlur(0.5))


def countryside(width=1200, height=800, seed=2) -> Image.Image:
    """A field visit in the Mekong delta: sky, palms, rice fields, a road and a group of people."""
    rng = random.Random(seed)
    img = _gradient((width, height), (120, 180, 230), (205, 230, 245))
    draw = ImageDraw.Draw(img)
    horizon = height * rng.uniform(0.42, 0.5)
    draw.rectangle([0, horizon, width, height], fill=(110, 170, 70))
    for i in range(8):
        y = horizon + (height - horizon) * i / 8
        draw.line([(0, y), (width, y + 20)], fill=(95, 150, 60), width=3)
    for _ in range(7):
        x = rng.uniform(0, width)
        draw.line([(x, horizon), (x + 10, horizon - 160)], fill=(110, 80, 50), width=8)
        for angle in range(0, 360, 45):
            ex = x + 10 + 70 * math.cos(math.radians(angle))
            ey = horizon - 160 + 35 * math.sin(math.radians(angle))
            draw.line([(x + 10, horizon - 160), (ex, ey)], fill=(40, 120, 50), width=10)
    draw.polygon(
        [(width * 0.45, height), (width * 0.55, height), (width * 0.51, horizon), (width * 0.49, horizon)],
        fill=(170, 160, 150),
    )
    for i in range(6):
        _person(draw, width * (0.3 + i * 0.08), height * 0.72, 2.2 * width / 1200, rng)
    return img.filter(ImageFilter.GaussianBlur(0.5))


def digital(width=1200, height=800, seed=3) -> Image.Image:
    """Cyberspace: a phone and a laptop, network nodes, a shield."""
    rng = random.Random(seed)
    img = _gradient((width, height), (18, 40, 80), (10, 20, 45))
    draw = ImageDraw.Draw(img)
    nodes = [(rng.uniform(0, width), rng.uniform(0, height)) for _ in range(40)]
    for a in nodes:
        for b in rng.sample(nodes, 2):
            draw.line([a, b], fill=(50, 110, 170), width=2)
    for x, y in nodes:
        draw.ellipse([x - 5, y - 5, x + 5, y + 5], fill=(120, 200, 255))
    draw.rounded_rectangle(
        [width * 0.18, height * 0.3, width * 0.55, height * 0.72],
        radius=14,
        fill=(40, 44, 52),
        outline=(200, 200, 210),
        width=4,
    )
    draw.rectangle([width * 0.2, height * 0.33, width * 0.53, height * 0.69], fill=(235, 240, 248))
    for i in range(6):
        y = height * (0.37 + i * 0.05)
        draw.rounded_rectangle(
            [width * 0.23, y, width * rng.uniform(0.35, 0.5), y + 12], radius=6, fill=(150, 160, 180)
        )
    draw.rounded_rectangle(
        [width * 0.62, height * 0.25, width * 0.78, height * 0.78],
        radius=24,
        fill=(30, 30, 34),
        outline=(210, 210, 215),
        width=4,
    )
    draw.rectangle([width * 0.635, height * 0.3, width * 0.765, height * 0.72], fill=(250, 250, 250))
    cx, cy = width * 0.7, height * 0.5
    draw.polygon(
        [(cx - 40, cy - 50), (cx + 40, cy - 50), (cx + 40, cy + 5), (cx, cy + 55), (cx - 40, cy + 5)],
        fill=(180, 30, 30),
    )
    _star(draw, cx, cy - 5, 24, (250, 215, 60))
    return img.filter(ImageFilter.GaussianBlur(0.4))


def ceremony(width=1200, height=800, seed=4) -> Image.Image:
    """A ceremony: rows of red flags, a stage and standing participants."""
    rng = random.Random(seed)
    img = _gradient((width, height), (240, 230, 210), (200, 180, 150))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, height * 0.1, width, height * 0.45], fill=(176, 22, 28))
    _star(draw, width / 2, height * 0.27, height * 0.12, (250, 215, 60))
    for i in range(12):
        x = width * (0.04 + i * 0.085)
        draw.line([(x, height * 0.45), (x, height * 0.15)], fill=(120, 100, 80), width=4)
        draw.rectangle([x, height * 0.15, x + 44, height * 0.21], fill=(200, 20, 30))
        _star(draw, x + 22, height * 0.18, 9, (250, 215, 60))
    draw.rectangle([0, height * 0.45, width, height], fill=(150, 110, 80))
    for row in range(3):
        y = height * (0.55 + row * 0.13)
        scale = (1.8 + row * 0.5) * width / 1200
        x = rng.uniform(0, 50)
        while x < width + 50:
            _person(
                draw, x, y, scale, rng, shirt=rng.choice([(250, 250, 250), (245, 245, 240), (40, 70, 120)])
            )
            x += 75 * scale
    return img.filter(ImageFilter.GaussianBlur(0.5))


SCENES = {
    "hall": conference_hall,
    "training": training_room,
    "field": countryside,
    "digital": digital,
    "ceremony": ceremony,
}


# What each drawn scene shows: a caption for every reader, and the alt text a blind reader
# hears in place of the picture. The drawings are illustrations, and both say so.
SCENE_TEXT = {
    "hall": (
        "Bàn chủ tọa trước phông nền đỏ và các hàng ghế đại biểu trong hội trường (ảnh minh họa)",
        "Hình vẽ một hội trường: phông nền đỏ có ngôi sao vàng, bàn chủ tọa phủ khăn xanh có hoa, "
        "người phát biểu đứng ở bục bên phải, các hàng đại biểu ngồi quay lưng về phía người xem",
    ),
    "training": (
        "Học viên theo dõi bài trình chiếu trên màn hình lớn (ảnh minh họa)",
        "Hình vẽ một lớp học: màn chiếu lớn hiện trang trình bày, các hàng học viên ngồi nhìn lên màn chiếu",
    ),
    "field": (
        "Một nhóm người trên đường làng giữa ruộng lúa và hàng dừa (ảnh minh họa)",
        "Hình vẽ vùng quê đồng bằng: bầu trời xanh, hàng dừa, ruộng lúa, một con đường và nhóm người "
        "đứng bên đường",
    ),
    "digital": (
        "Điện thoại và máy tính xách tay giữa các đường kết nối mạng (ảnh minh họa)",
        "Hình vẽ trên nền xanh thẫm: một điện thoại và một máy tính xách tay nối với nhau bằng các "
        "đường mạng, ở giữa có hình chiếc khiên bảo vệ",
    ),
    "ceremony": (
        "Hàng cờ đỏ sao vàng trên lễ đài, đại biểu đứng dự lễ (ảnh minh họa)",
        "Hình vẽ một buổi lễ: phông nền đỏ có ngôi sao vàng, hàng cờ đỏ sao vàng phía trên lễ đài, "
        "ba hàng người đứng phía dưới",
    ),
}


def scene_caption(kind: str) -> str:
    return SCENE_TEXT[kind][0]


def scene_alt(kind: str) -> str:
    return SCENE_TEXT[kind][1]


def jpeg_bytes(img: Image.Image, quality: int = 88) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def scene(kind: str, seed: int) -> bytes:
    if kind == "hall":
        img = conference_hall(1200, 800, seed=seed, banner="")
    else:
        img = SCENES[kind](seed=seed)
    return jpeg_bytes(img)
