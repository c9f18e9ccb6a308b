"""The curated knowledge base in knowledge/: shape, provenance and fidelity to the source CSV."""

from __future__ import annotations

import csv
import importlib
import importlib.util
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.search.taxonomy import parse_taxonomy

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
SOURCE_CSV = REPO.parent / "shared" / "knowledge-sources" / "suppliers.csv"
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
    out = []
    for path in sorted((KNOWLEDGE / "suppliers").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), path.name
        assert isinstance(data.get("suppliers"), list), path.name
        out.extend((path.name, supplier) for supplier in data["suppliers"])
    return out


SUPPLIERS = _load_suppliers()
TAXONOMY_DATA = yaml.safe_load((KNOWLEDGE / "taxonomy.yaml").read_text(encoding="utf-8"))


def _csv_rows() -> dict[str, dict[str, str]]:
    """Returns the source CSV rows by name, or skips when the CSV is not beside the repo."""
    if not SOURCE_CSV.is_file():
        pytest.skip(f"source CSV not found at {SOURCE_CSV} (it lives outside the repository)")
    with SOURCE_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_name = {row["name"]: row for row in rows}
    assert len(by_name) == len(rows), "the CSV itself repeats a name"
    return by_name


def _by_name() -> dict[str, dict[str, Any]]:
    """Returns the knowledge-base suppliers by name."""
    return {supplier["name"]: supplier for _, supplier in SUPPLIERS}


# ------------------------------------------------------------------------------------ shape


def test_the_knowledge_base_holds_at_least_100_suppliers() -> None:
    assert len(SUPPLIERS) >= 100


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


def test_the_taxonomy_parses_and_gives_each_category_10_to_40_distinct_synonyms() -> None:
    taxonomy = parse_taxonomy(TAXONOMY_DATA)
    assert len(taxonomy.categories) >= 20
    for category in taxonomy.categories:
        folded = [synonym.casefold() for synonym in category.synonyms]
        assert 10 <= len(folded) <= 40, (category.id, len(folded))
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


def test_every_supplier_is_listed_because_no_admin_has_checked_it_yet() -> None:
    assert {supplier["status"] for _, supplier in SUPPLIERS} == {"listed"}


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


def test_every_moq_equals_the_csv_moq_for_that_supplier() -> None:
    rows = _csv_rows()
    for name, supplier in _by_name().items():
        if "moq" in supplier:
            assert rows[name]["moq"], name
            assert supplier["moq"] == int(rows[name]["moq"]), name


def test_no_supplier_has_an_moq_where_the_csv_states_none() -> None:
    rows = _csv_rows()
    invented = [n for n, s in _by_name().items() if "moq" in s and not rows[n]["moq"].strip()]
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


def test_sources_and_websites_are_copied_from_the_csv() -> None:
    rows = _csv_rows()
    for name, supplier in _by_name().items():
        row = rows[name]
        expected = GENERAL_KNOWLEDGE if row["source"] == "general-knowledge" else row["source"]
        assert supplier["source"] == expected, name
        assert supplier.get("website", "") == row["website"], name


def test_countries_are_the_csvs_with_uk_written_gb() -> None:
    rows = _csv_rows()
    for name, supplier in _by_name().items():
        expected = {"UK": "GB"}.get(rows[name]["country"], rows[name]["country"])
        assert supplier.get("country", "") == expected, name


def test_general_knowledge_rows_carry_the_warning_and_no_figures() -> None:
    rows = _csv_rows()
    general = [name for name, row in rows.items() if row["source"] == "general-knowledge"]
    assert len(general) == 21
    for name in general:
        supplier = _by_name()[name]
        assert "verify" in supplier["notes"].lower(), name
        for field in ("moq", "lead_time_days", *MONEY_FIELDS):
            assert field not in supplier, (name, field)


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
    spec = importlib.util.spec_from_file_location(
        "build_knowledge", REPO / "scripts" / "build_knowledge.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    status = module.main([str(SOURCE_CSV), "--out", str(tmp_path)])
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
