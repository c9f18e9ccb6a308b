"""The curated knowledge base in knowledge/: shape, provenance and fidelity to the source CSVs."""

from __future__ import annotations

import csv
import importlib
import importlib.util
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from bot.core.curation.knowledge import validate_rows
from bot.core.search.matching import SearchIndex
from bot.core.search.taxonomy import parse_taxonomy
from bot.knowledge_files import load_knowledge_dir

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"


def _load_build_script() -> ModuleType:
    """Returns scripts/build_knowledge.py as a module (it owns every curation decision)."""
    spec = importlib.util.spec_from_file_location(
        "build_knowledge", REPO / "scripts" / "build_knowledge.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILD = _load_build_script()
SOURCE_CSVS: tuple[Path, ...] = BUILD.DEFAULT_CSVS
CHECKS: dict[str, dict[str, Any]] = {k: dict(v) for k, v in BUILD.GENERAL_KNOWLEDGE_CHECKS.items()}
GENERAL_KNOWLEDGE = (
    "general-knowledge: not read from a source; verify on the vendor's site before quoting"
)
REGIONS = {
    "Europe",
    "UK",
    "North America",
    "Asia",
    "Oceania",
    "Latin America",
    "Africa",
    "Middle East",
}
MONEY_FIELDS = ("setup_fee", "below_moq_fee", "price_tiers", "currency")


def _load_suppliers() -> list[tuple[str, dict[str, Any]]]:
    """Returns (file name, supplier) for every supplier in knowledge/suppliers/*.yaml."""
    out: list[tuple[str, dict[str, Any]]] = []
    for path in sorted((KNOWLEDGE / "suppliers").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), path.name
        assert isinstance(data.get("suppliers"), list), path.name
        out.extend((path.name, supplier) for supplier in data["suppliers"])
    return out


SUPPLIERS = _load_suppliers()
TAXONOMY_DATA = yaml.safe_load((KNOWLEDGE / "taxonomy.yaml").read_text(encoding="utf-8"))


def _csv_rows() -> dict[str, dict[str, str]]:
    """Returns the source CSVs' rows by name, or skips when the CSVs are not beside the repo."""
    rows: list[dict[str, str]] = []
    for path in SOURCE_CSVS:
        if not path.is_file():
            pytest.skip(f"source CSV not found at {path} (it lives outside the repository)")
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    by_name = {row["name"]: row for row in rows}
    assert len(by_name) == len(rows), "the CSVs repeat a name"
    return by_name


def _general(rows: dict[str, dict[str, str]]) -> list[str]:
    """Returns the names of the rows added to the CSVs from general knowledge."""
    return [name for name, row in rows.items() if row["source"] == "general-knowledge"]


def _by_name() -> dict[str, dict[str, Any]]:
    """Returns the knowledge-base suppliers by name."""
    return {supplier["name"]: supplier for _, supplier in SUPPLIERS}


# ------------------------------------------------------------------------------------ shape


def test_the_knowledge_base_holds_at_least_300_suppliers() -> None:
    assert len(SUPPLIERS) >= 300


def test_every_supplier_has_a_source_and_at_least_one_category() -> None:
    for file_name, supplier in SUPPLIERS:
        assert str(supplier.get("source") or "").strip(), (file_name, supplier["name"])
        categories = supplier.get("categories")
        assert isinstance(categories, list), supplier["name"]
        assert categories, supplier["name"]


def test_every_category_a_supplier_uses_is_in_the_taxonomy() -> None:
    known = {category["id"] for category in TAXONOMY_DATA["categories"]}
    unknown = {
        (supplier["name"], category)
        for _, supplier in SUPPLIERS
        for category in supplier["categories"]
        if category not in known
    }
    assert unknown == set()


def test_every_taxonomy_category_is_used_by_some_supplier() -> None:
    used = {category for _, supplier in SUPPLIERS for category in supplier["categories"]}
    unused = {c["id"] for c in TAXONOMY_DATA["categories"]} - used
    assert unused == set()


def test_the_taxonomy_parses_and_gives_each_category_10_to_100_distinct_synonyms() -> None:
    taxonomy = parse_taxonomy(TAXONOMY_DATA)
    assert len(taxonomy.categories) >= 70
    for category in taxonomy.categories:
        folded = [synonym.casefold() for synonym in category.synonyms]
        assert 10 <= len(folded) <= 100, (category.id, len(folded))
        assert len(set(folded)) == len(folded), category.id
        assert category.group, category.id


def test_no_synonym_points_at_two_categories() -> None:
    owners = Counter(
        synonym.casefold()
        for category in parse_taxonomy(TAXONOMY_DATA).categories
        for synonym in set(category.synonyms)
    )
    assert [synonym for synonym, count in owners.items() if count > 1] == []


def test_no_two_suppliers_share_a_name_and_website() -> None:
    keys = Counter(
        (supplier["name"].casefold(), (supplier.get("website") or "").casefold())
        for _, supplier in SUPPLIERS
    )
    assert [key for key, count in keys.items() if count > 1] == []


def test_country_codes_are_two_upper_case_letters_and_never_uk() -> None:
    for _, supplier in SUPPLIERS:
        if "country" in supplier:
            assert re.fullmatch(r"[A-Z]{2}", supplier["country"]), supplier["name"]
            assert supplier["country"] != "UK", supplier["name"]


def test_regions_come_from_the_agreed_list_and_british_suppliers_are_in_uk() -> None:
    for _, supplier in SUPPLIERS:
        if "region" in supplier:
            assert supplier["region"] in REGIONS, supplier["name"]
        if supplier.get("country") == "GB":
            assert supplier.get("region") == "UK", supplier["name"]


def test_no_admin_has_checked_a_supplier_yet_and_only_pageless_rows_are_unchecked() -> None:
    assert {supplier["status"] for _, supplier in SUPPLIERS} == {"listed", "unchecked"}
    for _, supplier in SUPPLIERS:
        pageless = supplier["source"] == GENERAL_KNOWLEDGE
        assert (supplier["status"] == "unchecked") == pageless, supplier["name"]


def test_each_supplier_lives_in_the_file_of_its_first_categorys_group() -> None:
    groups = {c["id"]: c["group"] for c in TAXONOMY_DATA["categories"]}
    for file_name, supplier in SUPPLIERS:
        assert file_name == f"{groups[supplier['categories'][0]]}.yaml", supplier["name"]


def test_an_moq_unit_appears_only_with_an_moq_and_an_moq_is_a_positive_whole_number() -> None:
    for _, supplier in SUPPLIERS:
        if "moq_unit" in supplier:
            assert "moq" in supplier, supplier["name"]
        if "moq" in supplier:
            assert isinstance(supplier["moq"], int), supplier["name"]
            assert supplier["moq"] >= 1, supplier["name"]


def test_the_core_validator_reports_no_errors_for_the_knowledge_files() -> None:
    if importlib.util.find_spec("bot.core.curation.knowledge") is None:
        pytest.skip("bot.core.curation.knowledge (the import validator) does not exist yet")
    knowledge = importlib.import_module("bot.core.curation.knowledge")
    if not hasattr(knowledge, "validate_rows"):
        pytest.skip("bot.core.curation.knowledge has no validate_rows yet")
    suppliers, errors = knowledge.validate_rows([supplier for _, supplier in SUPPLIERS])
    assert [str(error) for error in errors] == []
    assert len(suppliers) == len(SUPPLIERS)


# ------------------------------------------------------------------ fidelity to the source


def test_every_csv_row_is_kept_with_its_name_exactly() -> None:
    rows = _csv_rows()
    assert sorted(_by_name()) == sorted(rows)


def test_every_moq_equals_the_csv_moq_or_the_checked_pages_moq_for_that_supplier() -> None:
    rows = _csv_rows()
    for name, supplier in _by_name().items():
        if "moq" in supplier:
            stated = CHECKS.get(name, {}).get("moq") or int(rows[name]["moq"])
            assert supplier["moq"] == stated, name


def test_no_supplier_has_an_moq_where_neither_the_csv_nor_a_checked_page_states_one() -> None:
    rows = _csv_rows()
    invented = [
        n
        for n, s in _by_name().items()
        if "moq" in s and not rows[n]["moq"].strip() and "moq" not in CHECKS.get(n, {})
    ]
    assert invented == []


def test_fees_prices_and_currency_appear_only_where_the_csv_states_a_price() -> None:
    rows = _csv_rows()
    for name, supplier in _by_name().items():
        if any(field in supplier for field in MONEY_FIELDS):
            assert rows[name]["price_notes"].strip(), name


def test_lead_times_appear_only_where_the_csv_states_one() -> None:
    rows = _csv_rows()
    for name, supplier in _by_name().items():
        if "lead_time_days" in supplier:
            assert rows[name]["lead_time_notes"].strip(), name


def test_sources_and_websites_are_copied_from_the_csv_or_from_the_check() -> None:
    rows = _csv_rows()
    for name, supplier in _by_name().items():
        row = rows[name]
        if row["source"] != "general-knowledge":
            expected = row["source"]
        elif name in CHECKS:
            expected = CHECKS[name]["source"]
            if row["country"] and not CHECKS[name].get("country_stated"):
                expected += " ; country=general-knowledge"
        else:
            expected = GENERAL_KNOWLEDGE
        assert supplier["source"] == expected, name
        assert supplier.get("website", "") == row["website"], name


def test_countries_are_the_csvs_with_uk_written_gb() -> None:
    rows = _csv_rows()
    for name, supplier in _by_name().items():
        expected = {"UK": "GB"}.get(rows[name]["country"], rows[name]["country"])
        assert supplier.get("country", "") == expected, name


def test_general_knowledge_rows_are_sourced_by_a_read_page_or_marked_unchecked() -> None:
    rows = _csv_rows()
    general = _general(rows)
    assert len(general) == 21
    assert set(CHECKS) <= set(general)
    for name in general:
        supplier = _by_name()[name]
        assert "verify" in supplier["notes"].lower(), name
        for field in ("lead_time_days", *MONEY_FIELDS):
            assert field not in supplier, (name, field)
        if name in CHECKS:
            assert supplier["status"] == "listed", name
            assert supplier["source"].startswith("http"), name
            assert "checked against stored copies of public pages" in supplier["notes"], name
        else:
            assert supplier["status"] == "unchecked", name
            assert "no page was read" in supplier["notes"], name
            assert "moq" not in supplier, name


def test_a_supplier_described_by_a_third_party_says_so_in_its_notes() -> None:
    by_name = _by_name()
    assert len(BUILD.THIRD_PARTY) >= 40
    for name, sentence in BUILD.THIRD_PARTY.items():
        assert sentence in by_name[name]["notes"], name
        assert "not" in sentence, name


def test_every_sourced_supplier_cites_a_url_or_a_public_file() -> None:
    for _, supplier in SUPPLIERS:
        if supplier["status"] != "unchecked":
            first = supplier["source"].split(" | ")[0]
            cited = ("http://", "https://", "github:", "GitHub code-search excerpt")
            assert first.startswith(cited), supplier["name"]


def test_small_series_follows_the_csv_reading() -> None:
    rows = _csv_rows()
    for name, supplier in _by_name().items():
        reading = rows[name]["small_series"]
        if reading == "yes":
            assert supplier.get("small_series") is True, name
        elif reading == "no":
            assert supplier.get("small_series") is False, name
        elif reading == "unknown":
            assert "small_series" not in supplier, name
        else:  # partial: true only with a stated minimum of 500 items or fewer; explained
            assert isinstance(supplier.get("small_series"), bool), name
            assert "small_series is" in supplier["notes"], name
            if supplier["small_series"]:
                assert supplier.get("moq") is not None, name
                assert supplier["moq"] <= 500, name


def test_the_build_script_reproduces_the_committed_supplier_files(tmp_path: Path) -> None:
    _csv_rows()
    status = BUILD.main([*map(str, SOURCE_CSVS), "--out", str(tmp_path)])
    assert status == 0
    built = {path.name: path.read_text(encoding="utf-8") for path in tmp_path.glob("*.yaml")}
    committed = {
        path.name: path.read_text(encoding="utf-8")
        for path in (KNOWLEDGE / "suppliers").glob("*.yaml")
    }
    assert built == committed


# ----------------------------------------------------------------------------------- guides


@pytest.mark.parametrize("name", ["referral-request.md", "small-batch-options.md"])
def test_each_guide_exists_and_quotes_no_price(name: str) -> None:
    text = (KNOWLEDGE / "guides" / name).read_text(encoding="utf-8")
    assert len(text.split()) >= 50
    assert not re.search(r"[$€£]\s?\d|\d\s?(?:USD|EUR|GBP)\b", text)


def test_the_knowledge_readme_explains_status_and_provenance() -> None:
    text = (KNOWLEDGE / "README.md").read_text(encoding="utf-8").lower()
    for word in ("listed", "reviewed", "verified", "source", "general-knowledge"):
        assert word in text, word


# ----------------------------------------------------------------------- regulated categories

# Regulation names a founder in these categories will meet; the note must name at least one.
REGULATED = {
    "cosmetics-private-label": ("1223/2009", "MoCRA"),
    "cosmetics-contract-manufacturing": ("1223/2009", "MoCRA"),
    "soap-bath": ("1223/2009",),
    "toys": ("EN 71", "CPSIA"),
    "plush-toys": ("EN 71", "CPSIA"),
    "food-packaging": ("1935/2004", "FDA"),
    "drinkware": ("1935/2004", "FDA"),
    "supplements": ("2002/46/EC", "DSHEA"),
    "food-copacking": ("178/2002", "FDA"),
    "pcb-assembly": ("CE", "FCC"),
    "medical-device-manufacturing": ("2017/745", "FDA"),
}


@pytest.mark.parametrize("category_id", sorted(REGULATED))
def test_a_regulated_category_names_its_regulations(category_id: str) -> None:
    category = parse_taxonomy(TAXONOMY_DATA).get(category_id)
    assert category is not None
    assert category.regulatory_note is not None
    for name in REGULATED[category_id]:
        assert name in category.regulatory_note, (category_id, name)


def test_an_unregulated_category_carries_no_regulatory_note() -> None:
    taxonomy = parse_taxonomy(TAXONOMY_DATA)
    for category_id in ("stickers", "tissue-paper", "headwear", "signage"):
        category = taxonomy.get(category_id)
        assert category is not None
        assert category.regulatory_note is None, category_id


# --------------------------------------------------------------------------- fallbacks


def test_every_sourcing_agent_and_directory_says_what_it_covers() -> None:
    """The dialog offers agents and directories when nothing fits: each names its scope."""
    fallbacks = {"sourcing-agent", "sourcing-directory", "sourcing-marketplace"}
    found = [s for _, s in SUPPLIERS if fallbacks & set(s["categories"])]
    assert len(found) >= 20
    for supplier in found:
        scope = [c for c in supplier["categories"] if c not in fallbacks]
        assert scope or supplier.get("keywords"), supplier["name"]


@pytest.fixture(scope="module")
def real_index() -> SearchIndex:
    """Returns the search index over the knowledge files, validated like an import."""
    rows, taxonomy = load_knowledge_dir(KNOWLEDGE)
    suppliers, errors = validate_rows(rows)
    assert errors == []
    return SearchIndex.build(suppliers, taxonomy)


@pytest.mark.parametrize(
    ("query", "category_id", "scope"),
    [
        ("sourcing agent", "sourcing-agent", None),
        ("agent to find a factory in China", "sourcing-agent", "China"),
        ("sourcing agent for shoes in Portugal", "sourcing-agent", "footwear"),
        ("manufacturer directory", "sourcing-directory", None),
        ("trade body for UK fashion factories", "sourcing-directory", "apparel-cut-sew"),
    ],
)
def test_agents_and_directories_are_found_as_fallbacks_with_their_scope(
    real_index: SearchIndex, query: str, category_id: str, scope: str | None
) -> None:
    hits = real_index.search(query, limit=5).hits
    assert hits, query
    assert category_id in hits[0].supplier.categories, (query, hits[0].supplier.name)
    if scope is not None:
        covered = [h for h in hits if scope in (*h.supplier.categories, *h.supplier.keywords)]
        assert covered, query


# ------------------------------------------------------------------------- kb stats (CLI)


def test_kb_stats_after_a_seed_counts_300_suppliers_70_categories_all_but_unchecked_sourced(
    tmp_path: Path,
) -> None:
    environ = {k: v for k, v in os.environ.items() if k not in ("KNOWLEDGE_DIR", "ADMIN_IDS")}
    environ.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'kb.db'}", "PYTHONPATH": str(REPO)})

    def smallbatch(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            capture_output=True,
            text=True,
            env=environ,
            cwd=REPO,
            timeout=180,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    smallbatch("kb", "seed")
    stats = json.loads(smallbatch("kb", "stats", "--json"))
    unchecked = sum(1 for _, s in SUPPLIERS if s["status"] == "unchecked")
    assert stats["suppliers"] == len(SUPPLIERS) >= 300
    assert stats["categories"] >= 70
    assert stats["sourced"] == stats["suppliers"] - unchecked
    assert unchecked <= 3
