"""The official administrative units in force since 1 July 2025 (34 provinces; 3,321 communes,
wards and special zones, with their codes), from the `vietnam-provinces` package, and what a
committee's identity derives from one.

The level's words come from the unit's own type ("xã", "phường", "đặc khu", "tỉnh", "thành
phố"); nothing here fixes the levels a province may have.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from vietnam_provinces import Province, Ward

from common.text import fold, strip_marks

# The unit's type (as the package names it) → the identity's level key (pages.models.Level).
LEVEL_OF_TYPE = {
    "tỉnh": "tinh",
    "thành phố trung ương": "thanh-pho",
    "xã": "xa",
    "phường": "phuong",
    "đặc khu": "dac-khu",
}
# How the type is written before the name ("xã Long Hữu", "thành phố Hà Nội").
TYPE_WORDS = {"thành phố trung ương": "thành phố"}
HOST_SUFFIX = "gov.vn"


@dataclass(frozen=True)
class Unit:
    code: str  # the official code: "86" for a province, "29518" for a commune ("00004": zeros kept)
    name: str  # the proper name without its type: "Long Hữu"
    type: str  # "xã", "phường", "đặc khu", "tỉnh", "thành phố trung ương"
    province_code: str
    province_name: str  # "Vĩnh Long"

    @property
    def is_province(self) -> bool:
        return self.code == self.province_code

    @property
    def type_words(self) -> str:
        return TYPE_WORDS.get(self.type, self.type)

    @property
    def full_name(self) -> str:
        """ "xã Long Hữu", "tỉnh Vĩnh Long", "thành phố Hà Nội" """
        return f"{self.type_words} {self.name}"

    @property
    def label(self) -> str:
        """For a picker: "Xã Long Hữu (29518), tỉnh Vĩnh Long"."""
        own = self.full_name[0].upper() + self.full_name[1:]
        if self.is_province:
            return f"{own} ({self.code})"
        return f"{own} ({self.code}), {find_unit(self.province_code).full_name}"


def _proper_name(full: str, kind: str) -> str:
    prefix = TYPE_WORDS.get(kind, kind)
    return full[len(prefix) :].strip() if fold(full).startswith(fold(prefix) + " ") else full


@lru_cache(maxsize=1)
def _provinces() -> dict[str, Unit]:
    result = {}
    for p in Province.iter_all():
        kind = p.division_type.value
        code = f"{p.code.value:02d}"
        result[code] = Unit(code, _proper_name(p.name, kind), kind, code, _proper_name(p.name, kind))
    return result


@lru_cache(maxsize=1)
def all_units() -> dict[str, Unit]:
    units = dict(_provinces())
    provinces = _provinces()
    for w in Ward.iter_all():
        kind = w.division_type.value
        province = provinces[f"{w.province_code.value:02d}"]
        code = f"{w.code.value:05d}"
        units[code] = Unit(code, _proper_name(w.name, kind), kind, province.code, province.name)
    return units


def find_unit(code: str) -> Unit | None:
    """A unit by its official code: two digits for a province ("86"), five for a commune, ward
    or special zone ("29518"); leading zeros may be left out of a commune's code."""
    code = str(code).strip()
    if not code.isdigit():
        return None
    return all_units().get(code.zfill(2) if len(code) <= 2 else code.zfill(5))


def search_units(text: str, limit: int = 20) -> list[Unit]:
    """Units whose name (or code) matches `text`, diacritics optional: "long huu" finds Long Hữu."""
    needle = fold(text).strip()
    if not needle:
        return []
    found = [u for u in all_units().values() if needle in fold(u.full_name) or needle.zfill(5) == u.code]
    exact = text.strip().lower()
    found.sort(
        key=lambda u: (
            exact not in u.full_name.lower(),  # the spelling typed, diacritics included, first
            not u.is_province,
            not fold(u.name).startswith(needle),
            u.province_name,
            u.name,
        )
    )
    return found[:limit]


def host_label(name: str) -> str:
    """A name as one DNS label: no diacritics, no spaces ("Long Hữu" → "longhuu")."""
    return re.sub(r"[^a-z0-9]", "", strip_marks(name).lower())


def suggested_host(unit: Unit) -> str:
    """tenxa.tentinh.gov.vn for a commune, tentinh.gov.vn for a province."""
    province = host_label(unit.province_name)
    if unit.is_province:
        return f"{province}.{HOST_SUFFIX}"
    return f"{_commune_label(unit)}.{province}.{HOST_SUFFIX}"


def _shared(labels) -> set[tuple[str, str]]:
    seen, shared = set(), set()
    for key in labels:
        (shared if key in seen else seen).add(key)
    return shared


@lru_cache(maxsize=1)
def _shared_labels() -> tuple[set, set]:
    """(province, label) pairs that two units of one province would share once diacritics are
    gone ("Sơn Hà" and "Sơn Hạ"): such a unit's label takes its type in front ("xasonha"), and,
    if two units of the same type still share it, its official code at the end."""
    communes = [u for u in all_units().values() if not u.is_province]
    plain = _shared((u.province_code, host_label(u.name)) for u in communes)
    typed = _shared((u.province_code, host_label(u.type_words + u.name)) for u in communes)
    return plain, typed


def _commune_label(unit: Unit) -> str:
    plain, typed = _shared_labels()
    label = host_label(unit.name)
    if (unit.province_code, label) not in plain:
        return label
    label = host_label(unit.type_words + unit.name)
    return label if (unit.province_code, label) not in typed else f"{label}{unit.code}"


# The party committee a BCĐ 35 belongs to, by the unit's type.
PARTY_BODY = {"tỉnh": "Tỉnh ủy", "thành phố trung ương": "Thành ủy"}
FULL_NAME_PREFIX = (
    "Ban Chỉ đạo bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch"
)


def derived_identity(unit: Unit) -> dict:
    """The committee's names and level from its unit; all editable before saving."""
    return {
        "full_name": f"{FULL_NAME_PREFIX} {unit.full_name}",
        "short_name": f"Ban Chỉ đạo 35 {unit.full_name}",
        "level": LEVEL_OF_TYPE.get(unit.type, ""),
        "locality": unit.name,
        "parent_body": f"{PARTY_BODY.get(unit.type, 'Đảng ủy ' + unit.type_words)} {unit.name}",
    }
