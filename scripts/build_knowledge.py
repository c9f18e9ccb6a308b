"""Builds knowledge/suppliers/*.yaml from the curated source table (suppliers.csv).

Usage: python scripts/build_knowledge.py [CSV] [--out DIR] [--check]

CSV defaults to ../shared/knowledge-sources/suppliers.csv beside the repository. The curation
rules live here, in one place, so that every figure in knowledge/ can be traced to the CSV:

- names, websites and sources are copied exactly; countries become ISO alpha-2 (UK -> GB);
- CSV category tags are mapped onto knowledge/taxonomy.yaml; finer tags become keywords;
- an MOQ is kept only where the CSV states a number that counts items (not an order value,
  not an area, not an industry-typical range that the source does not claim as its own);
- fees and lead times are kept only where the CSV states them; everything else the CSV says
  about prices, tiers and turnaround goes into `notes` in words;
- nothing is guessed: an empty CSV cell stays out of the YAML.

`--check` rebuilds into memory and exits 1 if the committed files differ (hand edits since).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from bot.core.curation.knowledge import FIELDS

# The import format's field order is owned by the validator; the YAML follows it.
from bot.core.understanding.geography import country_code, region_of

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CSV = REPO.parent / "shared" / "knowledge-sources" / "suppliers.csv"
KNOWLEDGE = REPO / "knowledge"

GENERAL_KNOWLEDGE_SOURCE = (
    "general-knowledge: not read from a source; verify on the vendor's site before quoting"
)

# CSV tag -> taxonomy id; None keeps the tag as a keyword only (it describes a product or a
# business model that is not a category of its own, e.g. "private-label" on candles).
TAG_TO_CATEGORY: Mapping[str, str | None] = {
    "packaging": "packaging",
    "packaging-supplies": "packaging",
    "custom-printed-packaging": "packaging",
    "packaging-mailers": "packaging-mailers",
    "packaging-boxes": "packaging-boxes",
    "rigid-boxes": "packaging-boxes",
    "folding-cartons": "packaging-boxes",
    "corrugated": "packaging-boxes",
    "gift-packaging": "packaging-boxes",
    "stock-boxes": "packaging-boxes",
    "packaging-pouches": "packaging-pouches",
    "flexible-packaging": "packaging-pouches",
    "tissue-paper": "tissue-paper",
    "food-packaging": "food-packaging",
    "paper-cups": "food-packaging",
    "printed-bags": None,
    "bottles-jars": "bottles-jars",
    "glass-jars": "bottles-jars",
    "mason-jars": "bottles-jars",
    "pet-bottles": "bottles-jars",
    "closures": "bottles-jars",
    "tins": "bottles-jars",
    "labels": "labels",
    "roll-labels": "labels",
    "custom-labels": None,  # Twisted Lane: its own candles with your label, not a label printer
    "stickers": "stickers",
    "garment-labels": "garment-labels",
    "woven-labels": "garment-labels",
    "printed-labels": "garment-labels",  # Bonaport only: printed garment labels
    "hang-tags": "garment-labels",
    "printing": "printing",
    "business-cards": "printing",
    "print-collateral": "printing",
    "textiles": "fabric-printing",
    "fabric-printing": "fabric-printing",
    "wallpaper": None,
    "gift-wrap": None,
    "apparel": "apparel-cut-sew",
    "apparel-cut-sew": "apparel-cut-sew",
    "knitwear": None,
    "t-shirts": None,
    "apparel-decoration": "apparel-decoration",
    "dtf-printing": "apparel-decoration",
    "screen-printing": "apparel-decoration",
    "embroidery": "apparel-decoration",
    "print-on-demand": "print-on-demand",
    "apparel-print-on-demand": "print-on-demand",
    "dropshipping": None,
    "jewelry": "jewelry",
    "silver-jewelry": "jewelry",
    "vermeil": None,
    "cosmetics-private-label": "cosmetics-private-label",
    "white-label": None,
    "private-label": None,
    "cosmetics-contract-manufacturing": "cosmetics-contract-manufacturing",
    "cosmetics-oem": "cosmetics-contract-manufacturing",
    "oem": None,
    "odm": None,
    "custom-oem": None,
    "skincare": None,
    "makeup": None,
    "bath-body": None,
    "supplements": "supplements",
    "fulfillment": None,
    "candles": "candles",
    "custom-orders": None,
    "wholesale": None,
    "food-copacking": "food-copacking",
    "beverage-copacking": "food-copacking",
    "contract-bakery": "food-copacking",
    "tea-copacking": "food-copacking",
    "sauces": None,
    "pcb-fabrication": "pcb-fabrication",
    "stencils": None,
    "pcb-assembly": "pcb-assembly",
    "cnc-machining": "cnc-machining",
    "sheet-metal": "sheet-metal",
    "bending": None,
    "powder-coating": None,
    "waterjet": None,
    "laser-cutting": "laser-cutting",
    "3d-printing": "3d-printing",
    "rapid-prototyping": None,
    "injection-molding": "injection-molding",
    "rapid-tooling": "injection-molding",
    "thermoforming": "thermoforming",
    "furniture": "furniture",
    "seating": None,
    "outdoor-furniture": None,
    "kitting": "kitting",
    "contract-packaging": "kitting",
    "medical-kits": "medical-kits",
    "medical-kitting": "medical-kits",
    "procedure-packs": "medical-kits",
    "first-aid-kits": "medical-kits",
    "sterile-packaging": "medical-packaging",
    "medical-device-packaging": "medical-packaging",
    "sterilization": "medical-packaging",
    "medical-device-manufacturing": "medical-device-manufacturing",
    "medical-device-contract-manufacturing": "medical-device-manufacturing",
    "sourcing-marketplace": "sourcing-marketplace",
    "sourcing-agent": "sourcing-marketplace",
    "marketplace": "sourcing-marketplace",
}

# How a tag reads as a keyword when it is not itself a category id.
TAG_KEYWORD: Mapping[str, str] = {
    "pet-bottles": "PET bottles",
    "cosmetics-oem": "OEM",
    "dtf-printing": "DTF printing",
    "oem": "OEM",
    "odm": "ODM",
    "custom-oem": "OEM",
    "bath-body": "bath and body",
    "tea-copacking": "tea",
    "beverage-copacking": "beverages",
    "custom-labels": "custom labels",
    "packaging-supplies": "packaging supplies",
    "custom-printed-packaging": "custom printed packaging",
    "apparel": "apparel",
    "t-shirts": "t-shirts",
    "textiles": "textiles",
    "medical-device-contract-manufacturing": "medical device contract manufacturing",
}
# Tags that add nothing as a keyword beyond their category.
_NO_KEYWORD = frozenset({"marketplace", "sourcing-agent", "packaging"})

# Words found in a row's own text (MOQ unit, price and lead-time notes) -> keyword.
KEYWORD_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\bkraft\b", "kraft"),
    (r"corrugated", "corrugated"),
    (r"digital(ly)?[ -]print", "digital print"),
    (r"flexographic", "flexographic print"),
    (r"\boffset\b", "offset print"),
    (r"compostable", "compostable"),
    (r"recycled", "recycled"),
    (r"poly mailers|poly/bubble", "poly mailers"),
    (r"bubble mailers|poly/bubble", "bubble mailers"),
    (r"\bmailer\b", "mailer boxes"),
    (r"tissue", "tissue paper"),
    (r"folding-carton", "folding cartons"),
    (r"\brigid\b", "rigid boxes"),
    (r"food boxes", "food boxes"),
    (r"paper bags", "paper bags"),
    (r"stand-up pouch", "stand-up pouches"),
    (r"doypack", "doypack"),
    (r"k-seal", "k-seal"),
    (r"metallised", "metallised film"),
    (r"roll labels", "roll labels"),
    (r"paper labels", "paper labels"),
    (r"specialty finishes", "specialty finishes"),
    (r"\bwoven\b", "woven labels"),
    (r"\bsatin\b", "satin labels"),
    (r"\btaffeta\b", "taffeta labels"),
    (r"damask", "damask labels"),
    (r"\btpu\b", "TPU labels"),
    (r"heat-transfer", "heat-transfer labels"),
    (r"hang tags", "hang tags"),
    (r"\bcotton\b", "cotton"),
    (r"swatch", "swatches"),
    (r"home decor", "home decor"),
    (r"2-layer", "2-layer"),
    (r"4-layer", "4-layer"),
    (r"\bsmt\b", "SMT"),
    (r"\baoi\b", "AOI"),
    (r"x-ray", "X-ray inspection"),
    (r"flying probe", "flying probe"),
    (r"\bhdi\b", "HDI"),
    (r"turnkey", "turnkey"),
    (r"\bbom\b", "BOM"),
    (r"quick[- ]turn", "quick turn"),
    (r"prototyp", "prototypes"),
    (r"waterjet", "waterjet"),
    (r"bending", "bending"),
    (r"tapping", "tapping"),
    (r"anodiz", "anodizing"),
    (r"powder coat", "powder coating"),
    (r"acrylic", "acrylic"),
    (r"engraving", "engraving"),
    (r"alumin(i)?um", "aluminium molds"),
    (r"\bsteel\b", "steel tooling"),
    (r"\bdfm\b", "DFM"),
    (r"\bsls\b", "SLS"),
    (r"\bmjf\b", "MJF"),
    (r"nylon", "nylon"),
    (r"thermoforming", "thermoforming"),
    (r"private[- ]label", "private label"),
    (r"white label", "white label"),
    (r"\boem\b", "OEM"),
    (r"\bodm\b", "ODM"),
    (r"\bserum\b", "serum"),
    (r"\bcream\b", "cream"),
    (r"makeup", "makeup"),
    (r"in-stock formulas|stock formulas", "stock formulas"),
    (r"custom formulas", "custom formulas"),
    (r"custom blend", "custom blend"),
    (r"\bscents?\b|fragrance", "scents"),
    (r"\bvessels?\b", "candle vessels"),
    (r"ceramic", "ceramic"),
    (r"\bglass\b", "glass"),
    (r"\bpet\b", "PET"),
    (r"sterile", "sterile"),
    (r"\beto\b", "EtO sterilization"),
    (r"cleanroom", "cleanroom"),
    (r"procedure packs", "procedure packs"),
    (r"ansi/osha", "ANSI/OSHA first aid kits"),
    (r"salsa", "salsa"),
    (r"beverage", "beverages"),
    (r"\bcakes?\b", "cakes"),
    (r"teabags", "tea bags"),
    (r"\btins\b", "tins"),
    (r"sustainable", "sustainable"),
    (
        r"small-batch|small batch|small-run|small runs|short-run|low-volume|small-series",
        "small batch",
    ),
    (r"seamless", "seamless knitwear"),
    (r"\bpolo", "polo shirts"),
    (r"t-shirt", "t-shirts"),
    (r"\bdtf\b", "DTF"),
    (r"screen print", "screen printing"),
    (r"\bdtg\b", "DTG"),
    (r"embroider", "embroidery"),
    (r"\bhats\b", "hats"),
    (r"group (flash )?sales|group orders", "group orders"),
    (r"\b925\b|sterling", "sterling silver"),
    (r"vermeil", "vermeil"),
    (r"plating", "plating"),
    (r"chair", "chairs"),
    (r"sampl", "samples"),
)

# Per-supplier curation, keyed by the CSV name. Keys:
#   moq_unit      short unit for a kept MOQ ("pcs", "boxes", "labels", "m", ...)
#   drop_moq      why the CSV's MOQ figure is not a count of items, or not the vendor's own terms
#   setup_fee, currency, lead_time_days, certifications, keywords (extra, from the row's text)
#   small_series  for `partial` rows: True only when a minimum of 500 items or fewer is stated
#   note          the curator's explanation (lead-time reading, partial reading, provenance)
CURATION: Mapping[str, Mapping[str, Any]] = {
    "EcoEnclose": {
        "moq_unit": "mailers",
        "small_series": False,
        "note": "The 25,000 minimum is for custom-printed bubble mailers; the source states no "
        "minimum of 500 items or fewer, so small_series is false.",
    },
    "ZeroPack": {
        "moq_unit": "mailers",
        "small_series": False,
        "note": "2,000 is stated in their article as the common practical threshold for custom "
        "compostable mailers; no minimum of 500 items or fewer is stated, so small_series is "
        "false.",
    },
    "Custom Packly UK": {"moq_unit": "boxes"},
    "Pakible": {
        "moq_unit": "boxes",
        "keywords": ["unbranded boxes", "starter boxes"],
        "lead_time_days": 14,
        "small_series": True,
        "note": "MOQ 100 is for unbranded boxes; lead_time_days 14 is the stated upper bound for "
        "unbranded boxes (1-2 weeks). small_series is true because 100 unbranded and 500 starter "
        "boxes are stated minimums of 500 or fewer; custom boxes and mailers need far more.",
    },
    "Wholesale HQ": {
        "lead_time_days": 84,
        "small_series": False,
        "note": "lead_time_days 84 is the stated upper bound for custom branded packaging "
        "(10-12 weeks from artwork approval and payment); stickers and labels are quicker. No "
        "minimum of 500 items or fewer is stated, so small_series is false.",
    },
    "The Packaging Lab": {"moq_unit": "pouches"},
    "Hickman Label Company": {"moq_unit": "labels"},
    "Jinpai Stickers": {
        "moq_unit": "pcs",
        "small_series": True,
        "note": "small_series is true: 'flexible MOQ starting from 100 pcs' is a stated minimum "
        "of 500 or fewer; roll labels and specialty finishes start higher.",
    },
    "Sticker Guy": {
        "lead_time_days": 28,
        "note": "lead_time_days 28 is the upper bound for full-colour stickers (15-20 working "
        "days, counted as 28 calendar days at 5 working days a week).",
    },
    "Jukebox Print": {"moq_unit": "pcs"},
    "Spoonflower": {
        "moq_unit": "swatch",
        "note": "Prices are from a 2011 blog post: historical, not a current quote.",
    },
    "Prairie Love Knits": {
        "moq_unit": "m",
        "setup_fee": 30,
        "note": "setup_fee is the stated $30 one-time setup fee per order; the page writes '$' "
        "without naming the currency, so none is recorded.",
    },
    "Fabric on Demand": {"keywords": ["digital fabric printing", "home decor"]},
    "Karma Kraft": {"keywords": ["digital fabric printing"]},
    "OSH Park": {
        "moq_unit": "boards",
        "note": "Prices (2012-13) and lead times (c. 2014) are historical, not current quotes.",
    },
    "MacroFab": {
        "drop_moq": "The stated minimum is a billable board area (1 sq in), not a count of "
        "items, so no MOQ is recorded; Quick Turn allows up to 50 units.",
    },
    "JLCPCB": {
        "note": "The assembly pricing comes from a NextPCB comparison, and NextPCB is a "
        "competitor.",
    },
    "PCBWay": {
        "note": "The assembly pricing comparison comes from NextPCB, a competitor.",
    },
    "QJ PCB Assembly": {
        "moq_unit": "pcs",
        "lead_time_days": 10,
        "note": "lead_time_days 10 is the standard upper bound for double-sided SMT of 1-10 pcs "
        "(7 business days, counted as 10 calendar days); quick-turn options are faster.",
    },
    "JHYPCB": {
        "note": "The prices are quoted in a third-party article, not by JHYPCB.",
    },
    "SendCutSend": {
        "lead_time_days": 4,
        "note": "lead_time_days 4 is the stated upper bound for laser, waterjet and CNC cutting "
        "(2-4 days); bending, tapping, hardware and finishing add days.",
    },
    "Pololu": {
        "drop_moq": "The stated minimum is an order value ($25 for the first material, $15 for "
        "each additional one), not a count of items, so no MOQ is recorded.",
    },
    "Fictiv": {
        "drop_moq": "'100-10,000 pieces' is the article's description of low-volume molding, "
        "not a minimum Fictiv states for itself, so no MOQ is recorded. 'Less than two weeks' "
        "is for the tool, not the parts.",
    },
    "Haina Mould": {
        "drop_moq": "The 100-10,000 range and the mold prices and times cited are "
        "industry-typical figures from an article, not this vendor's own terms, so no MOQ is "
        "recorded.",
    },
    "TPI Mould": {
        "drop_moq": "50-5,000 per run is an industry-typical range, not this vendor's own "
        "terms, so no MOQ is recorded.",
    },
    "Fecision": {
        "note": "The mold lead time excerpt was truncated in the source; no lead time recorded.",
    },
    "Genie": {
        "note": "The ranges are industry-typical, not Genie's own terms.",
    },
    "AURA Manufacturing": {
        "small_series": False,
        "note": "The source claims flexible MOQs but states no number, so small_series is false "
        "until a minimum is confirmed.",
    },
    "Xiran Skincare": {
        "small_series": False,
        "note": "The figures are industry-typical ranges from the vendor's article, not its own "
        "stated terms, so small_series is false until confirmed.",
    },
    "Laeyo Labs": {
        "moq_unit": "units",
        "small_series": False,
        "note": "MOQ 1,000 is the lowest tier of a simplified cost curve on their blog; the "
        "prices are ranges, so no price tiers are recorded. small_series is false: no minimum "
        "of 500 or fewer is stated.",
    },
    "Body Systems Pro": {
        "drop_moq": "The $100 minimum is an order value, not a count of items, so no MOQ is "
        "recorded.",
        "note": "The source states a one-time $150 label design set-up; it is kept here and not "
        "as setup_fee, which the bot charges on every order.",
    },
    "First Element": {"keywords": ["tiered pricing"]},
    "Uspalla": {"moq_unit": "units"},
    "PL Private Label Supply": {
        "moq_unit": "units",
        "small_series": False,
        "certifications": ["cGMP"],
        "note": "small_series is false: the lowest stated minimum is 1,000 units.",
    },
    "Lumen Narrate": {"moq_unit": "pcs"},
    "Circe Home": {
        "note": "The component MOQs are typical figures in a guide, not Circe Home's own terms.",
    },
    "Ellie Shai": {
        "drop_moq": "The $150 minimum is an order value, not a count of items, so no MOQ is "
        "recorded (one scent and one vessel are enough).",
        "lead_time_days": 28,
        "note": "lead_time_days 28 is the stated upper bound for custom orders (3-4 weeks).",
    },
    "Twisted Lane Candles": {
        "moq_unit": "candles",
        "note": "The source states a $25 custom-label set-up (one-time, currency not named); it "
        "is kept here and not as setup_fee, which the bot charges on every order. The $8.50 "
        "price is for one candle model, so no price tiers are recorded.",
    },
    "LSPH": {
        "lead_time_days": 2,
        "note": "lead_time_days 2 is the stated upper bound for in-stock items (24-48 hours).",
    },
    "Santa Clara Plastic Containers": {
        "small_series": False,
        "note": "No minimum of 500 items or fewer is stated, so small_series is false.",
    },
    "Xuzhou Troy": {
        "small_series": False,
        "note": "No minimum number is stated, so small_series is false.",
    },
    "Custom Co-Pak": {
        "moq_unit": "tea bags",
        "note": "The minimums are from a 2001 article: historical, not a current quote.",
    },
    "Triad Custom T-Shirts": {"moq_unit": "pcs"},
    "SpiritHero": {"moq_unit": "prints"},
    "Printful": {
        "moq_unit": "pcs",
        "note": "The fulfilment times are from October 2020: historical, not a current quote.",
    },
    "Celuk Silver Wholesale": {"moq_unit": "pcs per SKU"},
    "HGJJ": {
        "small_series": False,
        "note": "No minimum number is stated, so small_series is false.",
    },
    "Urban Outdoor Furniture": {
        "drop_moq": "10-50 units per design is an industry-typical range on the page, not this "
        "vendor's own terms, so no MOQ is recorded.",
        "small_series": False,
        "note": "small_series is false until the vendor's own minimum is confirmed.",
    },
    "Berlin Packaging": {
        "small_series": False,
        "note": "The source table marks it 'partial' from general knowledge; no minimum is "
        "stated, so small_series is false.",
    },
}

HEADER = (
    "# Smallbatch knowledge base: {group} suppliers ({count}).\n"
    "# Built by scripts/build_knowledge.py from ../shared/knowledge-sources/suppliers.csv; see\n"
    "# knowledge/README.md for what each field means and where the facts come from.\n"
    "# status 'listed' = taken from a public page, not yet checked by an admin.\n"
)


def load_taxonomy_groups(path: Path) -> dict[str, str]:
    """Returns {category id: group} from knowledge/taxonomy.yaml."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(c["id"]): str(c["group"]) for c in data["categories"]}


def _sentence(text: str) -> str:
    """Returns the text ending with one full stop."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _keywords(row: Mapping[str, str], tags: list[str], extra: list[str]) -> list[str]:
    """Returns the row's keywords: finer CSV tags, words found in its text, curated extras."""
    words: list[str] = []
    for tag in tags:
        if TAG_TO_CATEGORY[tag] != tag and tag not in _NO_KEYWORD:
            words.append(TAG_KEYWORD.get(tag, tag.replace("-", " ")))
    # The name is searchable on its own; scanning it would read "Karma Kraft" as kraft paper.
    text = " ".join((row["moq_unit"], row["price_notes"], row["lead_time_notes"])).lower()
    for pattern, keyword in KEYWORD_PATTERNS:
        if re.search(pattern, text):
            words.append(keyword)
    words.extend(extra)
    seen: set[str] = set()
    out = []
    for word in words:
        if word.lower() not in seen:
            seen.add(word.lower())
            out.append(word)
    return out


def _notes(row: Mapping[str, str], cure: Mapping[str, Any], general: bool) -> str | None:
    """Returns the row's MOQ, price and lead-time context in words, plus the curator's note."""
    parts: list[str] = []
    if row["moq"] and cure.get("drop_moq"):
        parts.append(_sentence(f"Figure in the source: {row['moq']} {row['moq_unit']}"))
        parts.append(_sentence(cure["drop_moq"]))
    elif row["moq"]:
        parts.append(_sentence(f"Minimum as stated: {row['moq']} {row['moq_unit']}"))
    elif row["moq_unit"]:
        parts.append(_sentence(f"Minimum: {row['moq_unit']}"))
    if row["price_notes"]:
        parts.append(_sentence(f"From the source: {row['price_notes']}"))
    if row["lead_time_notes"]:
        parts.append(_sentence(f"Turnaround: {row['lead_time_notes']}"))
    if cure.get("note"):
        parts.append(_sentence(cure["note"]))
    if "country+small_series=general-knowledge" in row["source"]:
        parts.append(
            "The country and the small-series view come from general knowledge, not from the "
            "source."
        )
    elif "country=general-knowledge" in row["source"]:
        parts.append("The country comes from general knowledge, not from the source.")
    if general:
        parts.append(
            "Added to the source table from general knowledge: no page was read, and the "
            "small-series view is a belief. Verify on the vendor's site before quoting."
        )
    return " ".join(parts) or None


def convert_row(row: Mapping[str, str], groups: Mapping[str, str]) -> dict[str, Any]:
    """Returns one CSV row as an import-format supplier dict (empty fields left out)."""
    name = row["name"]
    cure = CURATION.get(name, {})
    tags = [t.strip().lower() for t in row["categories"].split(";") if t.strip()]
    unknown = [t for t in tags if t not in TAG_TO_CATEGORY]
    if unknown:
        raise SystemExit(f"{name}: CSV tags without a mapping: {unknown}")
    categories: list[str] = []
    for tag in tags:
        category = TAG_TO_CATEGORY[tag]
        if category is not None and category not in categories:
            if category not in groups:
                raise SystemExit(f"{name}: {category} is not in taxonomy.yaml")
            categories.append(category)
    if not categories:
        raise SystemExit(f"{name}: no taxonomy category for tags {tags}")

    general = row["source"].strip() == "general-knowledge"
    country = country_code(row["country"]) if row["country"] else None
    region = region_of(country) if country else (row["region"] or None)

    out: dict[str, Any] = {
        "name": name,
        "website": row["website"] or None,
        "country": country,
        "region": region,
        "categories": categories,
        "keywords": _keywords(row, tags, list(cure.get("keywords", []))),
    }
    if row["moq"] and not cure.get("drop_moq"):
        if "moq_unit" not in cure:
            raise SystemExit(f"{name}: a kept MOQ needs a short moq_unit in CURATION")
        out["moq"] = int(row["moq"])
        out["moq_unit"] = cure["moq_unit"]
    for key in ("setup_fee", "lead_time_days", "currency"):
        out[key] = cure.get(key)
    if out["setup_fee"] is not None and not row["price_notes"]:
        raise SystemExit(f"{name}: setup_fee without price notes in the CSV")
    if out["lead_time_days"] is not None and not row["lead_time_notes"]:
        raise SystemExit(f"{name}: lead_time_days without lead-time notes in the CSV")
    small = row["small_series"]
    if small == "partial":
        if "small_series" not in cure:
            raise SystemExit(f"{name}: a 'partial' row needs a small_series reading in CURATION")
        out["small_series"] = cure["small_series"]
    else:
        out["small_series"] = {"yes": True, "no": False, "unknown": None}[small]
    out["status"] = "listed"
    out["certifications"] = list(cure.get("certifications", []))
    out["notes"] = _notes(row, cure, general)
    out["source"] = GENERAL_KNOWLEDGE_SOURCE if general else row["source"].strip()
    return {k: out[k] for k in FIELDS if out.get(k) not in (None, [], "")}


def build(csv_path: Path, taxonomy_path: Path) -> dict[str, str]:
    """Returns {file name: YAML text} for every supplier group."""
    groups = load_taxonomy_groups(taxonomy_path)
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    unused = set(CURATION) - {row["name"] for row in rows}
    if unused:
        raise SystemExit(f"CURATION names not in the CSV: {sorted(unused)}")
    by_group: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        supplier = convert_row(row, groups)
        by_group.setdefault(groups[supplier["categories"][0]], []).append(supplier)
    files: dict[str, str] = {}
    for group, suppliers in sorted(by_group.items()):
        # No line wrapping: a note or a source stays on one line, easy to find and edit.
        body = yaml.safe_dump(
            {"suppliers": suppliers}, sort_keys=False, allow_unicode=True, width=1_000_000
        )
        files[f"{group}.yaml"] = HEADER.format(group=group, count=len(suppliers)) + body
    return files


def main(argv: list[str] | None = None) -> int:
    """Writes (or with --check, compares) knowledge/suppliers/*.yaml; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--out", type=Path, default=KNOWLEDGE / "suppliers")
    parser.add_argument("--taxonomy", type=Path, default=KNOWLEDGE / "taxonomy.yaml")
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 on drift")
    args = parser.parse_args(argv)
    if not args.csv.is_file():
        sys.stderr.write(f"build_knowledge: no such CSV file: {args.csv}\n")
        return 2
    files = build(args.csv, args.taxonomy)
    if args.check:
        drift = [
            name
            for name, text in files.items()
            if not (args.out / name).is_file()
            or (args.out / name).read_text(encoding="utf-8") != text
        ]
        extra = sorted(p.name for p in args.out.glob("*.yaml") if p.name not in files)
        for name in [*drift, *extra]:
            sys.stderr.write(f"build_knowledge: {name} differs from a fresh build\n")
        return 1 if drift or extra else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
    count = sum(text.count("\n- name:") for text in files.values())
    sys.stdout.write(f"wrote {count} suppliers in {len(files)} files to {args.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
