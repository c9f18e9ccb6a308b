"""A second benchmark corpus, built from real facility names without the index's vocabulary.

Source: ../shared/datasets/open-supply-hub-fixture-facilities/facilities_combined.csv (Open Supply
Hub development fixtures, MIT; real apparel, footwear and textile facilities, see SOURCE.md).
The rows are used for scale and relevance tests only, never shown as recommendations.

How it is made, so that nothing here is tuned to the search index:
- A facility's TYPE comes from the words of its own name by the rules in `_TYPES` below, written
  from the data (word counts of the 959 names), not from knowledge/taxonomy.yaml. Types are the
  corpus's own category ids ("footwear-factory", ...): the index sees them as categories it does
  not know and must find them by their words, as a real import in another vocabulary would be.
- Larger corpora recombine real name parts: the place or brand words of one facility, the type
  words of another of the same type, a legal suffix of a third.
- Queries are a type word or two, sometimes a qualifier and a country tail ("in vietnam"), with
  typing slips made by rule (drop, double, swap, replace a letter) from a fixed seed.
A result is relevant when it carries the type the query was written for.
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from benchmarks.corpus import LabelledQuery, typo
from bot.core.types import Status, Supplier
from bot.core.understanding.geography import region_of

_DATASET = Path(
    "shared", "datasets", "open-supply-hub-fixture-facilities", "facilities_combined.csv"
)
# ../shared beside the repository; a worktree one level deeper looks one level further up.
_CANDIDATES = tuple(parent / _DATASET for parent in Path(__file__).resolve().parents[2:4])

# type id -> (words in a facility name that make it that type, words a buyer asks for it with)
_TYPES: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "footwear-factory": (
        frozenset({"shoe", "shoes", "footwear"}),
        ("shoes", "footwear", "shoe factory", "sneakers", "footwear manufacturer"),
    ),
    "knitting-mill": (
        frozenset({"knitting", "knit", "knitwear", "knitwears", "sweaters", "sweater"}),
        ("knitwear", "knitting factory", "sweaters", "knit garments", "knitted sweaters"),
    ),
    "sock-mill": (
        frozenset({"socks", "sock", "hosiery"}),
        ("socks", "hosiery", "sock knitting", "sports socks"),
    ),
    "textile-mill": (
        frozenset({"textile", "textiles", "textil", "tekstil", "weaving", "mills", "mill",
                   "dyeing", "spinning", "fabric", "fabrics", "indigo", "yarn"}),
        ("textile mill", "fabric weaving", "dyeing", "woven fabric", "textiles", "yarn spinning"),
    ),
    "sportswear-maker": (
        frozenset({"sports", "sporting", "sportwear", "sportswear", "sport", "active", "outdoor"}),
        ("sportswear", "sporting goods", "activewear", "outdoor clothing", "sports apparel"),
    ),
    "headwear-maker": (
        frozenset({"headwear", "cap", "caps", "hat", "hats"}),
        ("headwear", "caps", "baseball caps", "hats"),
    ),
    "leather-goods": (
        frozenset({"leather", "bags", "bag", "handbag", "handbags", "luggage"}),
        ("leather goods", "leather bags", "handbags", "bags"),
    ),
    "print-embroidery": (
        frozenset({"embroidery", "printing", "print", "prints", "screen"}),
        ("embroidery", "garment printing", "screen printing", "embroidered patches"),
    ),
    "glove-maker": (
        frozenset({"glove", "gloves"}),
        ("gloves", "work gloves", "knitted gloves"),
    ),
    "underwear-maker": (
        frozenset({"underwear", "intimate", "intimates", "lingerie", "bra"}),
        ("underwear", "lingerie", "intimate apparel"),
    ),
    "denim-mill": (
        frozenset({"jeans", "denim"}),
        ("denim", "jeans", "denim jeans"),
    ),
    "home-textile-mill": (
        frozenset({"towel", "towels", "home", "bedding", "linen"}),
        ("towels", "home textiles", "bedding", "bath towels"),
    ),
    "garment-factory": (
        frozenset({"garment", "garments", "apparel", "apparels", "clothing", "clothes",
                   "confecciones", "fashion", "fashions", "wear", "dress", "shirts", "uniform"}),
        ("garment factory", "clothing manufacturer", "apparel", "garments", "cut and sew",
         "shirts", "dresses"),
    ),
}  # fmt: skip

_ALL_TYPE_WORDS = frozenset().union(*(words for words, _ in _TYPES.values()))
_LEGAL = frozenset(
    {"ltd", "co", "company", "limited", "pvt", "pt", "inc", "llc", "corp", "corporation",
     "gmbh", "srl", "sa", "jsc", "sdn", "bhd", "sas", "cv", "pty", "private", "de", "s", "a",
     "c", "v", "l", "o", "m", "r", "d", "f", "z", "sp", "the", "and", "of", "group", "unit",
     "branch", "division", "plant", "ii", "factory", "industrial", "industries", "industry"}
)  # fmt: skip
_SUFFIXES = ("Co., Ltd", "Ltd", "Limited", "Pvt Ltd", "PT", "Inc.", "JSC", "S.A.", "Company")

# The raw country values of the data (upper case) -> ISO 3166 alpha-2.
_COUNTRY = {
    "CHINA": "CN", "VIETNAM": "VN", "BANGLADESH": "BD", "INDONESIA": "ID", "INDIA": "IN",
    "EL SALVADOR": "SV", "HONDURAS": "HN", "SRI LANKA": "LK", "CAMBODIA": "KH",
    "PHILIPPINES": "PH", "USA": "US", "UNITED STATES": "US", "JORDAN": "JO", "MEXICO": "MX",
    "PERU": "PE", "MYANMAR": "MM", "DOMINICAN REPUBLIC": "DO", "GUATEMALA": "GT",
    "TURKEY": "TR", "UAE": "AE", "ROMANIA": "RO", "ISRAEL": "IL", "TAIWAN": "TW",
    "MALAYSIA": "MY", "THAILAND": "TH", "FRANCE": "FR", "ARGENTINA": "AR", "NICARAGUA": "NI",
    "NEW ZEALAND": "NZ", "CANADA": "CA", "PORTUGAL": "PT", "MAURITIUS": "MU", "MOROCCO": "MA",
    "GERMANY": "DE", "SOUTH AFRICA": "ZA", "BRAZIL": "BR", "PUERTO RICO": "PR",
    "AUSTRALIA": "AU", "NEPAL": "NP", "ITALY": "IT", "COLOMBIA": "CO", "HAITI": "HT",
}  # fmt: skip
# Country tails a buyer adds to a query, by code (English names as people type them).
_COUNTRY_WORDS = {
    "CN": "china", "VN": "vietnam", "BD": "bangladesh", "IN": "india", "ID": "indonesia",
    "PK": "pakistan", "TW": "taiwan", "KH": "cambodia", "LK": "sri lanka", "TR": "turkey",
    "PT": "portugal", "IT": "italy", "MX": "mexico", "US": "the usa", "PL": "poland",
}  # fmt: skip
_QUALIFIERS = ("custom", "private label", "oem", "cheap", "quality", "small order", "bulk")
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class Facility:
    """One facility of the data: its name, name words, type and country."""

    name: str
    words: tuple[str, ...]
    types: tuple[str, ...]
    country: str | None


def _country(raw: str) -> str | None:
    """Returns the ISO code of a raw country value, or None when the value is not known."""
    value = raw.strip().upper()
    if len(value) == 2 and value.isalpha():
        return value
    return _COUNTRY.get(value)


def types_of(name: str) -> tuple[str, ...]:
    """Returns the facility types its name states by the rules of `_TYPES` (maybe none)."""
    words = set(_WORD.findall(name.lower()))
    return tuple(type_id for type_id in _TYPES if words & _TYPES[type_id][0])


@cache
def facilities() -> tuple[Facility, ...]:
    """Returns the facilities whose name states a type, in file order (unknown: not typed)."""
    path = next((p for p in _CANDIDATES if p.exists()), _CANDIDATES[0])
    out: list[Facility] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = " ".join(row["name"].split())
            found = types_of(name)
            if found:
                words = tuple(_WORD.findall(name.lower()))
                out.append(Facility(name, words, found, _country(row["country"])))
    return tuple(out)


def _name(facility: Facility, others: list[Facility], rng: random.Random) -> str:
    """Returns a facility-like name: another's place words, this one's type words, a suffix."""
    type_words = frozenset().union(*(_TYPES[t][0] for t in facility.types))
    mine = [w for w in facility.words if w in type_words] or [facility.words[0]]
    donor = rng.choice(others)
    place = [w for w in donor.words if w not in _LEGAL and w not in _ALL_TYPE_WORDS]
    head = " ".join(place[:2]) or donor.words[0]
    return f"{head} {' '.join(mine)} {rng.choice(_SUFFIXES)}".title()


def make_suppliers(count: int, seed: int = 7) -> list[Supplier]:
    """Returns `count` suppliers: the real facilities first, then recombined ones."""
    rng = random.Random(seed)
    real = list(facilities())
    out: list[Supplier] = []
    for number in range(1, count + 1):
        if number <= len(real):
            facility = real[number - 1]
            name = facility.name
        else:
            facility = rng.choice(real)
            name = _name(facility, real, rng)
        # a product word or two of its type, as an import in the buyer's words would carry
        asked = _TYPES[facility.types[0]][1]
        keywords = rng.sample(asked, k=rng.randrange(0, 3))
        keywords += ["apparel"] if rng.random() < 0.5 else []
        out.append(
            Supplier(
                id=number,
                name=name,
                categories=facility.types,
                country=facility.country,
                region=region_of(facility.country) if facility.country else None,
                keywords=tuple(keywords),
                moq=rng.choice((100, 300, 500, 1000, 3000)) if rng.random() < 0.3 else None,
                small_series=rng.choice((True, None, False)),
                status=Status.LISTED,
                source="Open Supply Hub fixture facility list (benchmark only)",
            )
        )
    return out


def make_queries(count: int, seed: int = 11) -> list[LabelledQuery]:
    """Returns `count` buyer-style queries, most with a typing slip, each labelled with a type."""
    rng = random.Random(seed)
    types = list(_TYPES)
    out: list[LabelledQuery] = []
    while len(out) < count:
        type_id = rng.choice(types)
        words = rng.choice(_TYPES[type_id][1]).split()
        if rng.random() < 0.8:
            i = rng.randrange(len(words))
            words[i] = typo(words[i], rng, shortest=4)  # short facility words slip too
        if rng.random() < 0.4:
            words.insert(0, rng.choice(_QUALIFIERS))
        if rng.random() < 0.4:
            place = rng.choice(list(_COUNTRY_WORDS.values()))
            words += ["in" if rng.random() < 0.6 else "from", place]
        out.append(LabelledQuery(" ".join(words), type_id))
    return out
