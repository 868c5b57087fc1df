"""Geography for the offline map: city seats, a schematic outline of Guangdong and a projection
onto an SVG canvas. No tile server is involved, so the map works behind any firewall and offline.

The outline is a hand-drawn simplification for orientation, not a survey-grade boundary.
"""

from dataclasses import dataclass

from website.choices import City

# (longitude, latitude) of each city's seat, rounded to two decimals.
CITY_SEATS = {
    City.GUANGZHOU: (113.26, 23.13),
    City.SHENZHEN: (114.06, 22.54),
    City.ZHUHAI: (113.58, 22.27),
    City.SHANTOU: (116.68, 23.35),
    City.FOSHAN: (113.12, 23.02),
    City.SHAOGUAN: (113.60, 24.81),
    City.HEYUAN: (114.70, 23.74),
    City.MEIZHOU: (116.12, 24.29),
    City.HUIZHOU: (114.42, 23.11),
    City.SHANWEI: (115.37, 22.79),
    City.DONGGUAN: (113.75, 23.02),
    City.ZHONGSHAN: (113.39, 22.52),
    City.JIANGMEN: (113.08, 22.58),
    City.YANGJIANG: (111.98, 21.86),
    City.ZHANJIANG: (110.36, 21.27),
    City.MAOMING: (110.93, 21.66),
    City.ZHAOQING: (112.47, 23.05),
    City.QINGYUAN: (113.06, 23.68),
    City.CHAOZHOU: (116.62, 23.66),
    City.JIEYANG: (116.37, 23.55),
    City.YUNFU: (112.04, 22.92),
}

OUTLINE = [
    (109.75, 21.45),
    (109.70, 20.95),
    (110.05, 20.25),
    (110.55, 20.30),
    (110.45, 20.85),
    (110.85, 21.35),
    (111.60, 21.55),
    (112.30, 21.75),
    (112.95, 21.90),
    (113.50, 22.15),
    (113.75, 22.45),
    (114.25, 22.50),
    (114.80, 22.60),
    (115.40, 22.70),
    (116.10, 22.85),
    (116.75, 23.15),
    (117.20, 23.55),
    (116.95, 24.05),
    (116.60, 24.60),
    (116.00, 24.95),
    (115.55, 24.80),
    (115.10, 25.10),
    (114.70, 25.25),
    (114.05, 25.30),
    (113.55, 25.50),
    (113.00, 25.35),
    (112.60, 25.15),
    (112.15, 24.85),
    (111.65, 24.75),
    (111.45, 24.30),
    (111.55, 23.75),
    (111.40, 23.20),
    (110.85, 22.70),
    (110.35, 22.15),
    (109.90, 21.75),
]

WEST, EAST, SOUTH, NORTH = 109.5, 117.5, 20.0, 25.7
WIDTH = 800
# Equirectangular with the longitude scaled by cos(23°) so the province keeps its shape.
_X_SCALE = WIDTH / (EAST - WEST)
_Y_SCALE = _X_SCALE / 0.92
HEIGHT = round((NORTH - SOUTH) * _Y_SCALE)


def project(longitude, latitude):
    return (
        round((float(longitude) - WEST) * _X_SCALE, 1),
        round((NORTH - float(latitude)) * _Y_SCALE, 1),
    )


def outline_points():
    return " ".join(f"{x},{y}" for x, y in (project(*point) for point in OUTLINE))


@dataclass
class MapCity:
    code: str
    label: str
    x: float
    y: float
    count: int
    place: object = None

    @property
    def text(self):
        return f"{self.label} ({self.count})" if self.count else self.label


def map_cities(counts=None):
    """Every city seat projected, with how many stations (or other things) it has."""
    counts = counts or {}
    cities = []
    for city in City:
        x, y = project(*CITY_SEATS[city])
        cities.append(MapCity(city.value, str(city.label), x, y, counts.get(city.value, 0)))
    return cities


# The official Chinese names, for import and export whatever the active language is.
CITY_NAMES_ZH = {
    City.GUANGZHOU: "广州市",
    City.SHENZHEN: "深圳市",
    City.ZHUHAI: "珠海市",
    City.SHANTOU: "汕头市",
    City.FOSHAN: "佛山市",
    City.SHAOGUAN: "韶关市",
    City.HEYUAN: "河源市",
    City.MEIZHOU: "梅州市",
    City.HUIZHOU: "惠州市",
    City.SHANWEI: "汕尾市",
    City.DONGGUAN: "东莞市",
    City.ZHONGSHAN: "中山市",
    City.JIANGMEN: "江门市",
    City.YANGJIANG: "阳江市",
    City.ZHANJIANG: "湛江市",
    City.MAOMING: "茂名市",
    City.ZHAOQING: "肇庆市",
    City.QINGYUAN: "清远市",
    City.CHAOZHOU: "潮州市",
    City.JIEYANG: "揭阳市",
    City.YUNFU: "云浮市",
}


def city_from_text(text):
    """The ``City`` written as a code, a Chinese name (with or without 市) or an English name;
    ``None`` when it is not one of Guangdong's 21 cities."""
    value = (text or "").strip().lower()
    if not value:
        return None
    value = value.removesuffix(" city").removesuffix("市").strip()
    for city in City:
        if value in (city.value, city.name.lower(), CITY_NAMES_ZH[city].removesuffix("市")):
            return city
    return None
