"""Builds knowledge/suppliers/*.yaml from the curated source tables (suppliers*.csv).

Usage: python scripts/build_knowledge.py [CSV ...] [--out DIR] [--check]

CSV defaults to ../shared/knowledge-sources/suppliers.csv and suppliers-2.csv beside the
repository. The curation rules live here, in one place, so that every figure in knowledge/ can
be traced to a CSV row (or, for the rows first added from general knowledge, to the page that
a later check read: GENERAL_KNOWLEDGE_CHECKS):

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
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from bot.core.curation.knowledge import FIELDS

# The import format's field order is owned by the validator; the YAML follows it.
from bot.core.understanding.geography import country_code, region_of

REPO = Path(__file__).resolve().parents[1]
# The source tables live beside the repository (../shared/knowledge-sources); a git worktree
# sits one level deeper, so the nearest ancestor that holds them wins.
SOURCES = next(
    (
        parent / "shared" / "knowledge-sources"
        for parent in REPO.parents
        if (parent / "shared" / "knowledge-sources").is_dir()
    ),
    REPO.parent / "shared" / "knowledge-sources",
)
DEFAULT_CSVS = (SOURCES / "suppliers.csv", SOURCES / "suppliers-2.csv")
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
    "knitwear": "knitwear",
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
    "bath-body": "soap-bath",
    "supplements": "supplements",
    "fulfillment": None,
    "candles": "candles",
    "custom-orders": None,
    "wholesale": None,
    "food-copacking": "food-copacking",
    "beverage-copacking": "beverage-copacking",
    "contract-bakery": "food-copacking",
    "tea-copacking": "tea-spice-packing",
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
    "sourcing-agent": "sourcing-agent",
    "marketplace": "sourcing-marketplace",
    # ---- tags new in suppliers-2.csv
    "toys-plush": "plush-toys",
    "educational-toys": "toys",
    "board-games": "board-games",
    "game-prototypes": "board-games",
    "playing-cards": "playing-cards",
    "puzzles": "puzzles",
    "book-printing": "book-printing",
    "photo-books": "book-printing",
    "doujinshi-printing": "book-printing",
    "comics-printing": "book-printing",
    "zine-printing": "zine-printing",
    "risograph": "zine-printing",
    "stationery": "stationery",
    "wall-art": "art-prints",
    "leather-goods": "leather-goods",
    "bags-totes": "totes-backpacks",
    "headwear": "headwear",
    "footwear": "footwear",
    "eyewear": "eyewear",
    "socks": "socks",
    "swimwear": "swimwear",
    "blanks": "blank-apparel",
    "webbing": "textile-materials",
    "waxed-canvas": "textile-materials",
    "home-textiles": "home-textiles",
    "pet-products": "pet-products",
    "pet-treat-copacking": "pet-food",
    "pet-food-copacking": "pet-food",
    "drinkware": "drinkware",
    "ceramics": "ceramics",
    "promotional-products": "promotional-products",
    "badges": "button-badges",
    "enamel-pins": "enamel-pins",
    "patches": "patches",
    "embroidery-digitizing": "patches",
    "engraving": None,  # hand glass engraving; laser engraving has its category
    "laser-engraving": "laser-cutting",
    "signage": "signage",
    "displays": "signage",
    "cosmetic-packaging": "cosmetic-packaging",
    "tubes": "cosmetic-packaging",
    "jewelry-packaging": "jewelry-packaging",
    "candle-vessels": "candle-vessels",
    "candle-supplies": "candle-vessels",
    "soap-bath": "soap-bath",
    "confectionery-copacking": "confectionery",
    "chocolate": None,
    "gummies": None,
    "mobile-canning": "beverage-copacking",
    "mobile-bottling": "beverage-copacking",
    "hot-sauce-bottling": "food-copacking",
    "tea-spice-packing": "tea-spice-packing",
    "spices": None,
    "custom-blending": None,
    "electronics-enclosures": "electronics-enclosures",
    "cable-assemblies": "cable-assemblies",
    "product-development": "product-development",
    "sewing-prototypes": "product-development",
    "fabrication": None,
    "contract-manufacturing": None,
    "sourcing-directory": "sourcing-directory",
    "trade-show": "sourcing-directory",
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
    "doujinshi-printing": "doujinshi",
    "comics-printing": "comics",
    "pet-treat-copacking": "pet treats",
    "pet-food-copacking": "pet food",
    "badges": "can badges",
    "tubes": "cosmetic tubes",
    "hot-sauce-bottling": "hot sauce",
    "confectionery-copacking": "confectionery co-packing",
    "blanks": "blanks",
    "mobile-bottling": "mobile wine bottling",
}
# Tags that add nothing as a keyword beyond their category.
_NO_KEYWORD = frozenset(
    {
        "marketplace",
        "sourcing-agent",
        "packaging",
        "sourcing-directory",
        "toys-plush",
        "bags-totes",
    }
)

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
    (r"alumin(i)?um(?![-,])", "aluminium molds"),
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
    (r"\bpet\b(?! (?:leash|food|blog))", "PET"),
    (r"sterile(?! filtration)", "sterile"),
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
    (r"\bchairs?\b", "chairs"),
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
    # ---------------------------------------------------------------- suppliers-2.csv rows
    "Mascot Factory": {
        "moq_unit": "pcs",
        "small_series": False,
        "note": "small_series is false: the stated minimum is 600 pieces, above 500.",
    },
    "Edition One Books": {
        "drop_moq": "The $1,000 minimum is an order value per title, not a count of items, so no "
        "MOQ is recorded (saddle-stitch booklets also need 25 copies).",
        "small_series": False,
        "note": "small_series is false because the stated minimum is an order value, not a "
        "count of 500 items or fewer.",
    },
    "Taylor Specialty Books": {
        "moq_unit": "copies",
        "small_series": True,
        "note": "small_series is true: 300 copies is a stated minimum of 500 or fewer. The "
        "figure is from a 2010 publisher blog: historical, not a current quote.",
    },
    "The Country Press": {"moq_unit": "copies"},
    "ZheCraft": {
        "moq_unit": "pins",
        "note": "The 100 is the vendor's 'from 100' figure; the 50-300 tiers on its blog are "
        "industry-typical, not its own terms.",
    },
    "Gorham Printing": {
        "moq_unit": "copies",
        "note": "The 2016 production times are historical.",
    },
    "Sweet Haven Cottage": {"moq_unit": "patches"},
    "Rhinestone Dog Collars": {"moq_unit": "pcs"},
    "W88 Prime Wear": {"moq_unit": "mugs"},
    "Mugs By Wholesale": {"moq_unit": "mugs"},
    "MiiR (B2B)": {"moq_unit": "pcs"},
    "Zeus Merch": {
        "moq_unit": "hats",
        "note": "The cap prices are from a 2024 page.",
    },
    "The Game Crafter": {
        "moq_unit": "copies",
        "note": "The crowd-sale discounts are from 2015.",
    },
    "Lulu": {
        "moq_unit": "copies",
        "note": "The per-copy costs come from a third-party comparison (SCBWI, undated).",
    },
    "IngramSpark": {
        "moq_unit": "copies",
        "note": "The per-copy cost and set-up fee come from a third-party comparison (SCBWI, "
        "undated), so no fee is recorded.",
    },
    "Blurb": {
        "moq_unit": "copies",
        "note": "The quality comparison is a 2012 author's test.",
    },
    "MagCloud": {
        "moq_unit": "copies",
        "note": "The source is a 2010 article.",
    },
    "Ridero": {"moq_unit": "copies"},
    "IndyPlanet": {"moq_unit": "comics"},
    "ComiXpress": {
        "moq_unit": "comics",
        "note": "The source pages date from 2008-2009.",
    },
    "Prodigi": {"moq_unit": "pcs"},
    "Dripper": {"moq_unit": "pcs"},
    "Haluna Happy Names": {"moq_unit": "mugs"},
    "Pin Pals Ltd": {
        "moq_unit": "pins",
        "note": "100 is its standard order, not a hard minimum; Pin Pals is a broker, not a "
        "maker.",
    },
    "Build A Blend": {
        "drop_moq": "The 10 lb minimum is a weight, not a count of items, so no MOQ is recorded.",
        "small_series": False,
        "note": "small_series is false: the lowest counted minimums are 1,000 pouches and "
        "10,000 sachets per SKU, though a 10 lb test run through a partner is possible.",
    },
    "A2 Pro (a2-pro OEM)": {
        "moq_unit": "units",
        "small_series": True,
        "note": "small_series is true: 500 units is a stated minimum of 500 or fewer, accepted "
        "for products with costly ingredients; it usually proposes about 1,000.",
    },
    "BLANC Tea Towel": {"moq_unit": "tea towels"},
    "Custom Towels and Blankets (CTandB)": {
        "moq_unit": "towels",
        "small_series": True,
        "note": "small_series is true: 300 beach towels is a stated minimum of 500 or fewer "
        "(sport and golf towels 500).",
    },
    "All Seasonings Ingredients": {
        "drop_moq": "The 500 lb minimum per blend is a weight, not a count of items, so no MOQ "
        "is recorded.",
        "small_series": False,
        "note": "small_series is false: no minimum in items is stated.",
    },
    "McLaggan Smith Mugs": {
        "drop_moq": "The GBP 100-500 minimum is an order value, not a count of items, so no "
        "MOQ is recorded.",
    },
    "Lumishades Eyewear": {
        "drop_moq": "50 pairs is the lowest tier of its price table, not a stated minimum, so "
        "no MOQ is recorded.",
        "small_series": False,
        "note": "small_series is false until a minimum is confirmed; the cost figures are its "
        "guide's, not a quote.",
    },
    # partial rows without a counted minimum: false, with the reason
    "Szoneier Webbing": {
        "small_series": False,
        "note": "small_series is false: 'low-MOQ' is claimed but no number is stated.",
    },
    "MakersValley": {
        "small_series": False,
        "note": "small_series is false: a featured workshop accepts smaller orders, but no "
        "number is stated. MakersValley is a broker, not a maker.",
        "keywords": ["Italy", "artisan workshops", "handbags"],
    },
    "Top Hat": {
        "small_series": False,
        "note": "small_series is false: the page gives general guidance, not its own minimum.",
    },
    "Boyi Printing": {
        "small_series": False,
        "note": "small_series is false: 'a few hundred pieces' in its guide is not a stated "
        "minimum.",
    },
    "Peakfinity Labs": {
        "small_series": False,
        "note": "small_series is false: the 500-2,000 units are general guidance in its "
        "guide, not its own minimum.",
    },
    "Aurinutra": {
        "small_series": False,
        "note": "small_series is false: the ranges are general guidance, not a quoted term.",
    },
    "Dunstan Group": {
        "small_series": False,
        "note": "small_series is false: many items can be made below their minimum for a fee, "
        "but no number is stated.",
    },
    "Treec": {
        "small_series": False,
        "note": "small_series is false: the guide describes Portuguese factories in general.",
    },
    "Mindstep Sourcing": {
        "small_series": False,
        "note": "small_series is false: low MOQs are claimed for Portugal in general, with no "
        "number. Mindstep is a sourcing agent.",
        "keywords": ["Portugal", "Istanbul", "Hong Kong", "fashion"],
    },
    "Airswimwear": {
        "small_series": False,
        "note": "small_series is false: the figures are industry-typical, not its own terms.",
    },
    "Hammond Electronics": {
        "small_series": False,
        "note": "small_series is false: standard enclosures are customised, but no minimum is "
        "stated.",
    },
    "OKW Enclosures": {
        "small_series": False,
        "note": "small_series is false: customised standard enclosures suit low volumes, but "
        "no minimum is stated.",
    },
    "Halsey Bottling": {
        "small_series": False,
        "note": "small_series is false: most clients release 30,000-50,000 cases a year (2008).",
    },
    "Richpack Packaging": {
        "small_series": False,
        "note": "small_series is false: the MOQ bands are industry-typical, not its own terms.",
    },
    "Lisson Packaging": {
        "small_series": False,
        "note": "small_series is false: ready moulds lower the entry cost, but no minimum is "
        "stated; the prices are guide ranges.",
    },
    "SFIC Corporation": {
        "small_series": False,
        "note": "small_series is false: its smallest batches are around 2,000 bars.",
    },
    "Foods Cacao (Whose Cacao)": {
        "small_series": False,
        "note": "small_series is false: the page explains small-lot OEM but states no minimum "
        "of its own (the 500 kg is other factories').",
    },
    "Make it British": {
        "small_series": False,
        "note": "small_series is false: smaller UK MOQs are described in general. Make it "
        "British is a directory and events organiser, not a maker.",
        "categories": ["sourcing-directory", "apparel-cut-sew", "textile-materials"],
        "keywords": ["UK", "British manufacturers", "Meet the Manufacturer"],
    },
    "Fabryka Puzzli": {
        "small_series": False,
        "note": "small_series is false: offset printing is used above about 500 sheets, but no "
        "minimum is stated.",
    },
    "Heyzizi": {
        "small_series": False,
        "note": "small_series is false: the 300-1,000 MOQs are what factories quote in general, "
        "not its own terms.",
    },
    # tags that do not fit these rows: the curated categories
    "Bowmer Bond": {"categories": ["textile-materials"]},
    "Elmira Pet Products": {"categories": ["pet-food"]},
    "The Pound Bakery": {"categories": ["pet-food"]},
    "Dog Treat Factory": {"categories": ["pet-food"]},
    "British Millerain": {"categories": ["textile-materials"]},
    # agents and directories: the scope they cover, so the bot can offer them as fallbacks
    "China Go Source": {"keywords": ["China", "supplier search", "samples", "quality control"]},
    "Flyman": {"keywords": ["China", "inspections", "quality control"]},
    "Chinese Yiwu": {"keywords": ["China", "Yiwu"]},
    "Yiwu Sourcing Services": {"keywords": ["China", "Yiwu"]},
    "Goodcan Trading": {"keywords": ["China", "Latin America", "Europe"]},
    "Alchemy Merch": {"keywords": ["pin factories"]},
    "Portugal Shoes": {"keywords": ["Portugal", "shoe factories"]},
    "MySupplier": {"keywords": ["Portugal", "shoe factories"]},
    "Bridge & Stitch": {"keywords": ["UK", "clothing factories", "knitwear factories"]},
    "UKFT (UK Fashion & Textile Association)": {
        "keywords": ["UK", "bag factories", "garment factories"]
    },
    "Make Works": {"keywords": ["local manufacturers", "UK"]},
    "Australian Made Campaign": {"keywords": ["Australia", "local makers"]},
    "International Sourcing Expo Australia (ISEA)": {"keywords": ["Australia", "garments"]},
    "PartnerSlate": {"keywords": ["co-manufacturers", "food", "beverages"]},
}

# suppliers-2.csv rows described by someone other than the vendor (its README's caveats): the
# notes say so, so the bot never presents these as the vendor's own terms.
_TRADE = "Described in a trade or news article, not in the vendor's own terms."
_BLOG = "Described on a customer's or brand's blog, not in the vendor's own terms."
_SELF = "Described on its own profile page: a self-description, not stated terms."
THIRD_PARTY: Mapping[str, str] = {
    **dict.fromkeys(
        (
            "Mobile Canning LLC",
            "The Can Van",
            "Mobile Can Man",
            "Mammoth Canning",
            "Vessel Packaging",
            "We Can Mobile Canning",
            "Bevcraft",
            "East Coast Canning",
            "Them That Can",
            "Halsey Bottling",
            "The Bottle Meister",
            "Mobile Wine Line",
            "Custom Mobile Bottling",
            "Signature Mobile Bottlers",
            "Precision Wine Bottling",
            "Old Woolham Custom Bottling",
            "Panda Game Manufacturing",
            "Ludofact",
            "LongPack Games",
            "WinGo",
            "Castle Co-Packers",
            "Elmira Pet Products",
            "Sweet Shop USA",
            "Neko no Shippo (ねこのしっぽ)",
            "Akatsuki Insatsu (あかつき印刷)",
            "Kurieisha (くりえい社)",
            "PICO",
            "Taiyo Shuppan (大陽出版)",
            "Eikou (栄光)",
            "Otaclub (おたクラブ, Ikoi LLC)",
            "Orange Kobo (オレンジ工房.com)",
        ),
        _TRADE,
    ),
    **dict.fromkeys(
        (
            "Budsies",
            "Quality Playing Cards",
            "DriveThruCards",
            "Delano Services",
            "Footprint Workers Co-operative",
            "Hato Press",
            "Ditto Press",
            "Bowmer Bond",
            "British Millerain",
        ),
        _BLOG,
    ),
    **dict.fromkeys(("Masters Custom Patches", "Mega Patches", "Impact Digitizing"), _SELF),
    "McLaggan Smith Mugs": "Described on a manufacturer directory (Make Works), not in the "
    "vendor's own terms.",
    "Carta Mundi": "Described in a 2007 collectors' FAQ, not in the vendor's own terms.",
    "The Pound Bakery": "Named by a third-party pet blog, not in the vendor's own terms.",
    "Dog Treat Factory": "Named by a third-party pet blog, not in the vendor's own terms.",
    "Prodigi": "Described on a merchant's shipping page, not in the vendor's own terms.",
}

# Turnaround of suppliers-2.csv rows read as calendar days (the stated upper bound; working days
# at five a week, rounded up), with the reading. Rows whose text gives options, capacity or a
# third party's report keep their turnaround in notes only.
LEAD_TIMES: Mapping[str, tuple[int, str]] = {
    "The Missing Piece Puzzle Co.": (5, "3 business days of processing (longer at holidays)"),
    "Custom Collars USA": (14, "about 1-2 weeks to make"),
    "W88 Prime Wear": (10, "7 business days for mugs"),
    "MiiR (B2B)": (21, "15 business days after final art approval"),
    "Ethermade": (42, "6 weeks for bespoke notebooks"),
    "Pin Pals Ltd": (44, "31 business days from artwork approval, before shipping"),
    "Branded Promo Hub": (7, "5 business days for keychains, badges and promo items"),
    "Carv Signs": (21, "three weeks after proof sign-off"),
    "Custom Towels and Blankets (CTandB)": (21, "3 weeks for new screen-printed orders"),
    "Excellent Digitizing LLC": (1, "next-morning turnaround for digitizing files"),
    "Dripper": (7, "5 business days of production, before shipping"),
    "puzzleYOU": (1, "'ordered today, shipped tomorrow'"),
    "McLaggan Smith Mugs": (42, "4-6 weeks"),
    "Lumishades Eyewear": (35, "25-35 days for bulk after final approval and deposit"),
}

# The 21 rows of suppliers.csv that were added from general knowledge, checked later against
# stored copies of public pages. A row found here is sourced by the pages it lists (`source`)
# and says what they confirm; `country_stated` is False when no page names the country (the
# source then ends with `; country=general-knowledge`); `moq`/`moq_unit` only where a page
# states one. A general-knowledge row not found here stays `unchecked`.
GENERAL_KNOWLEDGE_CHECKS: Mapping[str, Mapping[str, Any]] = {
    "Packlane": {
        "source": "https://packlane.com/returns-refunds.html",
        "confirms": "its refund policy says every Packlane product is custom packaging made "
        "for the customer",
    },
    "Packhelp": {
        "source": "https://app.packhelp.com/terms_of_service | "
        "https://packhelp.com/packhelps-sustainability-summary-q1-23/",
        "confirms": "its terms run its packaging web shops under Polish business days, and a "
        "2023 post names its recycled poly mailer",
        "country_stated": True,
    },
    "noissue": {
        "source": "https://styledbyscience.com/eco-friendly-packaging-materials/amp",
        "confirms": "a blogger describes it as an eco-friendly packaging brand for small "
        "businesses: compostable mailers, tape, tissue paper and stickers (third-party page)",
    },
    "Arka": {
        "source": "https://www.arka.com/blogs/news/rookie-packaging-mistakes | "
        "https://www.arka.com/pages/retail-packaging-meaning",
        "confirms": "its own pages describe custom, sustainable packaging for e-commerce brands "
        "and call Arka an FSC-certified packaging supplier",
        "certifications": ["FSC"],
    },
    "Uline": {
        "source": "https://www.atlasmoldedproducts.com/case-studies/uline-distribution-center"
        " | https://staging.biztimes.com/moving-to-wisconsin",
        "confirms": "third-party pages describe North America's largest distributor of "
        "shipping, packaging and industrial supplies (a catalogue of 37,500+ items), with its "
        "headquarters in Pleasant Prairie, Wisconsin",
        "country_stated": True,
    },
    "StickerApp": {
        "source": "https://stickerapp.ie/support/policies-terms/privacy-policy",
        "confirms": "its privacy policy names the company, StickerApp AB, in Lomma, Sweden; the "
        "page does not describe its products",
        "country_stated": True,
    },
    "Vistaprint": {
        "source": "https://www.vistaprint.ca/customer-care/help-center/360060311851/",
        "confirms": "its help page describes orders printed, produced and shipped from its "
        "production plant",
    },
    "Xometry": {
        "source": "https://www.xometry.com/manufacturing-standards | "
        "https://xometry.com/resources/blog/plastic-3d-printing-vs-im-webinar",
        "confirms": "its manufacturing standards cover CNC machining, sheet metal, injection "
        "molding and metal 3D printing, and it calls itself a manufacturing marketplace; "
        "typical first-article shipments for molding are 10 pieces",
    },
    "Protolabs": {
        "source": "http://www.jobshop.com/techinfo/papers/rapidinjectionmolder.shtml | "
        "https://www.ptonline.com/blog/post/injection-molding-at-the-speed-of-3d-printing | "
        "http://www.ptonline.com/articles/"
        "digital-manufacturing-evolves-from-prototyping-to-on-demand-short-runs",
        "confirms": "trade articles describe quick-turn injection molding, CNC machining, 3D "
        "printing and sheet metal for prototypes and short on-demand runs, with headquarters "
        "in Maple Plain, Minnesota",
        "country_stated": True,
    },
    "Ponoko": {
        "source": "https://help.ponoko.com/en/articles/3149752-how-does-laser-cutting-work | "
        "http://archive.hahabird.com/2010/10/ponoko-order-timeline/",
        "confirms": "its help page describes laser cutting and engraving of flat sheets from "
        "customers' vector files; a 2010 customer blog says an average order is custom made "
        "and delivered in about 2 weeks (an older blog places the company in New Zealand)",
    },
    "Craftcloud": {
        "source": "https://craftcloud3d.com/terms-of-service/",
        "confirms": "its terms of service describe Craftcloud as a 3D printing and price "
        "comparison service by All3DP GmbH, registered in Munich, Germany: an order is "
        "fulfilled by the partner 3D printing service the customer selects",
        "country_stated": True,
    },
    "Aisler": {
        "source": "https://aisler.net/help/design-rules-and-specifications/"
        "2-and-4-layer-design-rules | https://community.aisler.net/t/our-simple-pricing/102",
        "confirms": "it makes 2- and 4-layer PCBs, stencils and parts packages, priced as a "
        "job fee plus an area fee; its pricing page states a minimum of 3 boards, ordered in "
        "sets of 3 (undated); no page read mentions assembly",
        "moq": 3,
        "moq_unit": "boards",
    },
    "Screaming Circuits": {
        "source": "http://blog.screamingcircuits.com/using_our_website/",
        "confirms": "its own blog describes surface-mount assembly of customers' boards from "
        "CAD or Gerber files, with 0.4 mm pitch parts built regularly",
    },
    "Printify": {
        "source": "https://allverygoods.com/pages/printify-t-shirts-and-sweatshirts-print-on-"
        "demand-pod | https://cutting-edge-designs.com/the-print-on-demand-revolution",
        "confirms": "shops that use it describe a print-on-demand partner that produces "
        "t-shirts, sweatshirts and hoodies through a community of printers and ships them "
        "direct (third-party pages)",
    },
    "Contrado": {
        "source": "https://contrado.ca/faq/134 | http://missarnellepaterson.co.uk/2018/09/14/"
        "bath-mats-to-bandanas-behind-the-scenes-at-contrado/",
        "confirms": "its FAQ describes products of your own design made to order; a 2018 "
        "visit describes its Park Royal (London) site with over 108 fabrics and 250 products",
        "country_stated": True,
    },
    "SKS Bottle & Packaging": {
        "source": "https://www.sks-bottle.com/SKS_Newsletter/PackagingRap89.html | "
        "https://bobopkg.com/sks-packaging-family-startup-corporate-acquisition",
        "confirms": "its 2019 newsletter lists plastic jars, containers and matching caps; a "
        "third-party article says it filed for Chapter 11 in 2024 and was bought by Pipeline "
        "Packaging in March 2025",
    },
    "Berlin Packaging": {
        "source": "http://cryer.org.uk/Berlin_Packaging | "
        "https://www.packaging-gateway.com/news/berlin-packaging-acquires-alpack/",
        "confirms": "encyclopaedia and trade pages describe a supplier of glass, plastic and "
        "metal containers and closures headquartered in Chicago, Illinois",
        "country_stated": True,
    },
    "Sewport": {
        "source": "http://bootsshoesandfashion.com/an-interview-with-sewport/",
        "confirms": "its London-based founder describes an online platform where clothing "
        "brands and garment manufacturers connect",
        "country_stated": True,
    },
    "Supliful": {
        "source": "https://docs.trendingsociety.com/products/store/dropship-network",
        "confirms": "a store's documentation names Supliful as its white-label dropship partner "
        "(third-party page); nothing more was read",
    },
}

HEADER = (
    "# Smallbatch knowledge base: {group} suppliers ({count}).\n"
    "# Built by scripts/build_knowledge.py from ../shared/knowledge-sources/suppliers*.csv; see\n"
    "# knowledge/README.md for what each field means and where the facts come from.\n"
    "# status 'listed' = taken from a public page, not yet checked by an admin;\n"
    "# 'unchecked' = from general knowledge, no page found for it.\n"
)
_CHECKED_NOTE = (
    "Added to the source table from general knowledge, then checked against stored copies of "
    "public pages: {confirms}. The small-series view is a belief; figures not named here were "
    "not read. Verify on the vendor's site before quoting."
)
_UNCHECKED_NOTE = (
    "Added to the source table from general knowledge: no page was read (a search of stored "
    "public pages found none), and the small-series view is a belief. Verify on the vendor's "
    "site before quoting."
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


def _figure_notes(row: Mapping[str, str], cure: Mapping[str, Any]) -> list[str]:
    """Returns the row's MOQ, price and lead-time context in words, with the curator's notes."""
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
    if row["name"] in LEAD_TIMES:
        days, reading = LEAD_TIMES[row["name"]]
        parts.append(f"lead_time_days {days} is the stated upper bound ({reading}).")
    return parts


def _provenance_notes(row: Mapping[str, str], source: str) -> list[str]:
    """Returns what the notes must say about where the row's facts come from."""
    parts: list[str] = []
    if row["name"] in THIRD_PARTY:
        parts.append(THIRD_PARTY[row["name"]])
    if "country+small_series=general-knowledge" in source:
        parts.append(
            "The country and the small-series view come from general knowledge, not from the "
            "source."
        )
    elif "country=general-knowledge" in source:
        parts.append("The country comes from general knowledge, not from the source.")
    if not row["country"] and row["region"] and row["website"].endswith(".eu"):
        parts.append("The region comes from the .eu domain alone.")
    return parts


def _notes(
    row: Mapping[str, str], cure: Mapping[str, Any], source: str, general: str | None
) -> str | None:
    """Returns the row's notes: figures in words, then provenance, then the general caveat."""
    parts = [*_figure_notes(row, cure), *_provenance_notes(row, source)]
    if general:
        parts.append(general)
    return " ".join(parts) or None


def _categories(
    name: str, tags: list[str], cure: Mapping[str, Any], groups: Mapping[str, str]
) -> list[str]:
    """Returns the row's taxonomy ids: the curated list, else its tags mapped, in tag order."""
    unknown = [t for t in tags if t not in TAG_TO_CATEGORY]
    if unknown:
        raise SystemExit(f"{name}: CSV tags without a mapping: {unknown}")
    mapped = [TAG_TO_CATEGORY[tag] for tag in tags]
    chosen = list(cure.get("categories") or [c for c in mapped if c is not None])
    categories = list(dict.fromkeys(chosen))
    for category in categories:
        if category not in groups:
            raise SystemExit(f"{name}: {category} is not in taxonomy.yaml")
    if not categories:
        raise SystemExit(f"{name}: no taxonomy category for tags {tags}")
    return categories


def _provenance(row: Mapping[str, str]) -> tuple[str, str, str | None, Mapping[str, Any]]:
    """Returns (status, source, general-knowledge note or None, check) for one row."""
    source = row["source"].strip()
    if source != "general-knowledge":
        return "listed", source, None, {}
    check = GENERAL_KNOWLEDGE_CHECKS.get(row["name"])
    if check is None:
        return "unchecked", GENERAL_KNOWLEDGE_SOURCE, _UNCHECKED_NOTE, {}
    read = str(check["source"])
    if not check.get("country_stated") and row["country"]:
        read += " ; country=general-knowledge"
    return "listed", read, _CHECKED_NOTE.format(confirms=check["confirms"]), check


def _minimum(row: Mapping[str, str], cure: Mapping[str, Any], check: Mapping[str, Any]) -> Any:
    """Returns (moq, moq_unit): the CSV's kept MOQ, the check's, or (None, None)."""
    if check.get("moq"):
        return int(check["moq"]), str(check["moq_unit"])
    if not row["moq"] or cure.get("drop_moq"):
        return None, None
    if "moq_unit" not in cure:
        raise SystemExit(f"{row['name']}: a kept MOQ needs a short moq_unit in CURATION")
    return int(row["moq"]), cure["moq_unit"]


def _small_series(row: Mapping[str, str], cure: Mapping[str, Any]) -> bool | None:
    """Returns the CSV's small-series reading; a 'partial' row needs the curator's."""
    small = row["small_series"]
    if small != "partial":
        return {"yes": True, "no": False, "unknown": None}[small]
    if "small_series" not in cure:
        raise SystemExit(f"{row['name']}: a 'partial' row needs a small_series reading")
    return bool(cure["small_series"])


def _lead_time(name: str) -> dict[str, Any]:
    """Returns {lead_time_days} read from LEAD_TIMES, or {} when the row has no reading."""
    if name not in LEAD_TIMES:
        return {}
    return {"lead_time_days": LEAD_TIMES[name][0]}


def convert_row(row: Mapping[str, str], groups: Mapping[str, str]) -> dict[str, Any]:
    """Returns one CSV row as an import-format supplier dict (empty fields left out)."""
    name = row["name"]
    cure = CURATION.get(name, {})
    tags = [t.strip().lower() for t in row["categories"].split(";") if t.strip()]
    status, source, general, check = _provenance(row)
    country = country_code(row["country"]) if row["country"] else None
    moq, moq_unit = _minimum(row, cure, check)
    out: dict[str, Any] = {
        "name": name,
        "website": row["website"] or None,
        "country": country,
        "region": region_of(country) if country else (row["region"] or None),
        "categories": _categories(name, tags, cure, groups),
        "keywords": _keywords(row, tags, list(cure.get("keywords", []))),
        "moq": moq,
        "moq_unit": moq_unit,
        **{key: cure.get(key) for key in ("setup_fee", "lead_time_days", "currency")},
        **_lead_time(name),
        "small_series": _small_series(row, cure),
        "status": status,
        "certifications": [*cure.get("certifications", []), *check.get("certifications", [])],
        "notes": _notes(row, cure, source, general),
        "source": source,
    }
    if out["setup_fee"] is not None and not row["price_notes"]:
        raise SystemExit(f"{name}: setup_fee without price notes in the CSV")
    if out["lead_time_days"] is not None and not row["lead_time_notes"]:
        raise SystemExit(f"{name}: lead_time_days without lead-time notes in the CSV")
    return {k: out[k] for k in FIELDS if out.get(k) not in (None, [], "")}


def read_rows(csv_paths: Sequence[Path]) -> list[dict[str, str]]:
    """Returns the rows of every CSV in order; a name may appear only once in all of them."""
    rows: list[dict[str, str]] = []
    for path in csv_paths:
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    names = [row["name"] for row in rows]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise SystemExit(f"names in more than one CSV row: {repeated}")
    return rows


def build(csv_paths: Sequence[Path], taxonomy_path: Path) -> dict[str, str]:
    """Returns {file name: YAML text} for every supplier group."""
    groups = load_taxonomy_groups(taxonomy_path)
    rows = read_rows(csv_paths)
    names = {row["name"] for row in rows}
    curated = {*CURATION, *GENERAL_KNOWLEDGE_CHECKS, *LEAD_TIMES, *THIRD_PARTY}
    unused = curated - names
    if unused:
        raise SystemExit(f"curated names not in the CSVs: {sorted(unused)}")
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


def _drift(files: Mapping[str, str], out: Path) -> list[str]:
    """Returns the names of files that differ from, or are missing in, or extra in `out`."""
    drift = [
        name
        for name, text in files.items()
        if not (out / name).is_file() or (out / name).read_text(encoding="utf-8") != text
    ]
    return [*drift, *sorted(p.name for p in out.glob("*.yaml") if p.name not in files)]


def main(argv: list[str] | None = None) -> int:
    """Writes (or with --check, compares) knowledge/suppliers/*.yaml; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="*", type=Path, default=list(DEFAULT_CSVS))
    parser.add_argument("--out", type=Path, default=KNOWLEDGE / "suppliers")
    parser.add_argument("--taxonomy", type=Path, default=KNOWLEDGE / "taxonomy.yaml")
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 on drift")
    args = parser.parse_args(argv)
    missing = [path for path in args.csv if not path.is_file()]
    if missing:
        sys.stderr.write(f"build_knowledge: no such CSV file: {missing[0]}\n")
        return 2
    files = build(args.csv, args.taxonomy)
    if args.check:
        drift = _drift(files, args.out)
        for name in drift:
            sys.stderr.write(f"build_knowledge: {name} differs from a fresh build\n")
        return 1 if drift else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
    count = sum(text.count("\n- name:") for text in files.values())
    sys.stdout.write(f"wrote {count} suppliers in {len(files)} files to {args.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
