"""Seeded synthetic knowledge bases and typo-laden queries for the search benchmark.

Every synthetic supplier is labelled with its true (first) category, and every query with the
category it was written for, so relevance can be measured on the corpus's own labels. Nothing
here is a real company: names are built from neutral word parts and say so in `source`.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from decimal import Decimal

from bot.core.types import Category, PriceTier, Status, Supplier, Taxonomy

_NAME_FIRST = (
    "Nordic", "Atlas", "Bright", "Harbor", "Cedar", "Summit", "Linden", "Maple", "Orbit",
    "Pioneer", "Riverside", "Silver", "Granite", "Meridian", "Beacon", "Willow", "Falcon",
    "Copper", "Aurora", "Evergreen", "Keystone", "Lakeside", "Northwind", "Oakridge", "Prism",
    "Quartz", "Redwood", "Sterling", "Tidewater", "Unity", "Vertex", "Westbrook", "Zenith",
    "Alder", "Birch", "Coastal", "Delta", "Ember", "Fjord", "Glacier", "Horizon", "Iris",
    "Juniper", "Kestrel", "Lumen", "Mistral", "Nova", "Opal", "Pacific", "Rhine", "Sierra",
    "Tundra", "Umber", "Valley", "Wren", "Yarrow", "Hanse", "Baltic", "Alpine", "Danube",
    "Shenzhen", "Ningbo", "Porto", "Lyon", "Krakow", "Leeds", "Austin", "Bristol", "Gdansk",
)  # fmt: skip
_NAME_SECOND = (
    "Works", "Studio", "Industries", "Manufacturing", "Group", "Labs", "Co.", "Ltd", "GmbH",
    "Solutions", "Partners", "Factory", "Supply", "Craft", "Collective", "Trading", "Sp. z o.o.",
    "S.r.l.", "B.V.", "Inc.", "& Sons", "Production", "Makers", "Workshop",
)  # fmt: skip
_MATERIALS = (
    "kraft", "recycled", "FSC", "cotton", "organic cotton", "aluminium", "glass", "PET", "HDPE",
    "steel", "stainless steel", "silicone", "bamboo", "soy wax", "beeswax", "linen", "polyester",
    "brass", "acrylic", "wood", "leather", "compostable", "biodegradable", "vegan", "food grade",
    "ISO 9001", "GMP", "digital print", "offset", "flexo", "screen print", "embroidery",
)  # fmt: skip
_COUNTRIES = (
    ("CN", "Asia", 25), ("US", "North America", 14), ("DE", "Europe", 7), ("GB", "Europe", 6),
    ("PL", "Europe", 5), ("IT", "Europe", 4), ("PT", "Europe", 4), ("NL", "Europe", 3),
    ("FR", "Europe", 4), ("ES", "Europe", 3), ("IN", "Asia", 6), ("VN", "Asia", 4),
    ("TR", "Europe", 3), ("CA", "North America", 4), ("AU", "Oceania", 3),
    ("MX", "North America", 2), ("SE", "Europe", 1), ("CZ", "Europe", 2),
)  # fmt: skip
_CURRENCY = {"Europe": "EUR", "North America": "USD", "Asia": "USD", "Oceania": "AUD"}
_QUERY_MODIFIERS = (
    "custom", "printed", "eco", "small batch", "branded", "with logo", "for our brand",
    "low moq", "sustainable", "cheap", "premium",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class LabelledQuery:
    """A benchmark query and the category it was written for."""

    text: str
    category: str


def typo(word: str, rng: random.Random, *, shortest: int = 5) -> str:
    """Returns `word` with one typing slip: a dropped, doubled, swapped or wrong letter."""
    if len(word) < shortest:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    if kind == 2:
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    return word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1 :]


def _phrases(category: Category) -> list[str]:
    """Returns the ways a founder may name the category: its synonyms and its name."""
    return [*category.synonyms, category.name]


def _price_tiers(moq: int | None, rng: random.Random) -> tuple[PriceTier, ...]:
    """Returns two or three all-units tiers from a plausible base price."""
    base = Decimal(str(round(rng.lognormvariate(0.5, 0.9), 2))) + Decimal("0.05")
    start = moq or rng.choice((50, 100, 250, 500))
    tiers = [PriceTier(start, base)]
    price = base
    for factor in (4, 20)[: rng.randrange(1, 3)]:
        price = (price * Decimal(str(round(rng.uniform(0.7, 0.9), 2)))).quantize(Decimal("0.01"))
        tiers.append(PriceTier(start * factor, max(price, Decimal("0.01"))))
    return tuple(tiers)


def make_suppliers(count: int, taxonomy: Taxonomy, seed: int = 7) -> list[Supplier]:
    """Returns `count` synthetic suppliers; each one's first category is its true label."""
    rng = random.Random(seed)
    categories = list(taxonomy.categories)
    by_group: dict[str | None, list[Category]] = {}
    for category in categories:
        by_group.setdefault(category.group, []).append(category)
    countries = [c for c, _, weight in _COUNTRIES for _ in range(weight)]
    regions = {c: r for c, r, _ in _COUNTRIES}
    suppliers: list[Supplier] = []
    for number in range(1, count + 1):
        primary = rng.choice(categories)
        cats = [primary.id]
        if rng.random() < 0.4:
            sibling = rng.choice(by_group[primary.group])
            if sibling.id not in cats:
                cats.append(sibling.id)
        if rng.random() < 0.1:
            other = rng.choice(categories)
            if other.id not in cats:
                cats.append(other.id)
        phrases = _phrases(primary)
        keywords = rng.sample(phrases, k=min(len(phrases), rng.randrange(1, 4)))
        keywords += rng.sample(_MATERIALS, k=rng.randrange(0, 3))
        stem = rng.choice(primary.name.replace("(", " ").replace(",", " ").split()[:2])
        name = f"{rng.choice(_NAME_FIRST)} {stem.capitalize()} {rng.choice(_NAME_SECOND)}"
        kind = rng.random()
        small: bool | None
        moqs: tuple[int, ...]
        if kind < 0.35:
            small, moqs = True, (1, 10, 25, 50, 100, 250, 500)
        elif kind < 0.6:
            small, moqs = None, (500, 1000, 2000)
        else:
            small, moqs = False, (3000, 5000, 10000, 25000)
        moq = rng.choice(moqs) if rng.random() < 0.7 else None
        country = rng.choice(countries) if rng.random() < 0.8 else None
        region = regions[country] if country else None
        status = rng.choices(
            (Status.LISTED, Status.REVIEWED, Status.VERIFIED), weights=(80, 15, 5)
        )[0]
        suppliers.append(
            Supplier(
                id=number,
                name=name,
                categories=tuple(cats),
                country=country,
                region=region,
                keywords=tuple(keywords),
                moq=moq,
                lead_time_days=rng.choice((5, 7, 10, 14, 21, 30, 45, 60))
                if rng.random() < 0.6
                else None,
                currency=_CURRENCY[region] if region else "USD",
                price_tiers=_price_tiers(moq, rng) if rng.random() < 0.5 else (),
                small_series=small,
                status=status,
                source="synthetic benchmark corpus (not a real company)",
            )
        )
    return suppliers


def make_queries(count: int, taxonomy: Taxonomy, seed: int = 11) -> list[LabelledQuery]:
    """Returns `count` founder-style queries with typos, each labelled with its category."""
    rng = random.Random(seed)
    categories = list(taxonomy.categories)
    queries: list[LabelledQuery] = []
    while len(queries) < count:
        category = rng.choice(categories)
        words = rng.choice(_phrases(category)).casefold().split()
        typo_at = [i for i, w in enumerate(words) if len(w) >= 5]
        if not typo_at:
            continue  # every benchmark query carries at least one typo
        for i in rng.sample(typo_at, k=max(1, len(typo_at) // 2)):
            words[i] = typo(words[i], rng)
        if not words[-1].endswith("s") and rng.random() < 0.3:
            words[-1] += "s"
        if rng.random() < 0.5:
            words.insert(0, rng.choice(_QUERY_MODIFIERS))
        if rng.random() < 0.3:
            words.insert(0, str(rng.choice((100, 300, 500, 1000))))
        queries.append(LabelledQuery(" ".join(words), category.id))
    return queries
