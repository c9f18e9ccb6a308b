"""The taxonomy: parse_taxonomy's rules, and the real knowledge/taxonomy.yaml against them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import default_knowledge_dir
from bot.core.curation.knowledge import validate_rows
from bot.core.search.matching import SearchIndex
from bot.core.search.taxonomy import parse_taxonomy
from bot.core.types import Category, InputError, Taxonomy
from bot.knowledge_files import load_knowledge_dir, load_taxonomy

KNOWLEDGE = default_knowledge_dir()


def test_a_category_keeps_its_id_name_group_and_synonyms() -> None:
    taxonomy = parse_taxonomy(
        {
            "categories": [
                {
                    "id": "mailer-boxes",
                    "name": " Mailer boxes ",
                    "group": "packaging",
                    "synonyms": ["mailer box", " Versandkarton ", 3],
                },
                {"id": "tape", "name": "Tape"},
            ]
        }
    )
    assert taxonomy.categories == (
        Category(
            "mailer-boxes", "Mailer boxes", "packaging", ("mailer box", "Versandkarton", "3")
        ),
        Category("tape", "Tape"),
    )
    assert taxonomy.get("tape") == Category("tape", "Tape")
    assert taxonomy.get("nope") is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ([], "taxonomy"),
        ({"categories": 5}, "taxonomy"),
        ({"categories": ["boxes"]}, "categories[1]"),
        ({"categories": [{"id": "Mailer Boxes", "name": "x"}]}, "categories[1].id"),
        ({"categories": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}, "categories[2].id"),
        ({"categories": [{"id": "a"}]}, "categories[1].name"),
        ({"categories": [{"id": "a", "name": "A", "synonyms": "x"}]}, "categories[1].synonyms"),
        ({"categories": [{"id": "a", "name": "A", "synonyms": [""]}]}, "categories[1].synonyms"),
    ],
)
def test_a_malformed_taxonomy_names_the_place(data: object, field: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_taxonomy(data)
    assert caught.value.field == field


def test_a_missing_taxonomy_file_is_an_empty_taxonomy(tmp_path: Path) -> None:
    assert load_taxonomy(tmp_path) == Taxonomy()


def test_a_broken_taxonomy_file_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "taxonomy.yaml").write_text("categories: [unclosed\n")
    with pytest.raises(InputError, match=r"taxonomy\.yaml: not valid YAML"):
        load_taxonomy(tmp_path)


def test_taxonomy_words_like_no_and_on_stay_words(tmp_path: Path) -> None:
    (tmp_path / "taxonomy.yaml").write_text(
        "categories:\n- id: a\n  name: A\n  synonyms: [no, on, yes, 1.50]\n"
    )
    assert load_taxonomy(tmp_path).categories[0].synonyms == ("no", "on", "yes", "1.50")


def test_the_real_taxonomy_parses_and_names_every_supplier_category() -> None:
    rows, taxonomy = load_knowledge_dir(KNOWLEDGE)
    if not rows:
        pytest.skip(f"no curated suppliers under {KNOWLEDGE}")
    assert len(taxonomy.categories) >= 10
    suppliers, errors = validate_rows(rows)
    assert errors == []
    known = {category.id for category in taxonomy.categories}
    used = {category for supplier in suppliers for category in supplier.categories}
    assert used - known == set()


def test_a_string_where_the_category_list_belongs_is_refused_as_a_whole() -> None:
    with pytest.raises(InputError, match="'categories' list"):
        parse_taxonomy({"categories": "boxes"})


def test_a_regulatory_note_is_kept_and_a_blank_one_is_refused() -> None:
    taxonomy = parse_taxonomy(
        {"categories": [{"id": "toys", "name": "Toys", "regulatory_note": " EN 71; CPSIA "}]}
    )
    assert taxonomy.categories[0].regulatory_note == "EN 71; CPSIA"
    assert (
        parse_taxonomy({"categories": [{"id": "a", "name": "A"}]}).categories[0].regulatory_note
        is None
    )
    for bad in ("  ", 5, ["EN 71"]):
        with pytest.raises(InputError) as caught:
            parse_taxonomy({"categories": [{"id": "a", "name": "A", "regulatory_note": bad}]})
        assert caught.value.field == "categories[1].regulatory_note"


# What founders asked for and got "try the everyday name" for (issue 13), in their words and
# in German, French and Spanish: each names its category first.
FOUNDER_WORDS = [
    ("plush toys", "plush-toys"),
    ("hardcover books", "book-printing"),
    ("leather wallets", "leather-goods"),
    ("dog collars", "pet-products"),
    ("mugs", "drinkware"),
    ("candle jars", "candle-vessels"),
    ("poly mailers", "packaging-mailers"),
    ("shoe boxes", "packaging-boxes"),
    ("enamel pins", "enamel-pins"),
    ("backpacks", "totes-backpacks"),
    ("tote bags", "totes-backpacks"),
    ("beanies", "headwear"),
    ("wire harness", "cable-assemblies"),
    ("Plüschtiere", "plush-toys"),
    ("jouets en bois", "toys"),
    ("Hundeleine", "pet-products"),
    ("cerámica", "ceramics"),
]


@pytest.fixture(scope="module")
def real_index() -> SearchIndex:
    """Returns the index over the real knowledge base, built once for these tests."""
    rows, taxonomy = load_knowledge_dir(KNOWLEDGE)
    suppliers, _ = validate_rows(rows)
    return SearchIndex.build(suppliers, taxonomy)


@pytest.mark.parametrize(
    ("words", "category_id"), FOUNDER_WORDS, ids=[w for w, _ in FOUNDER_WORDS]
)
def test_the_real_taxonomy_names_the_category_a_founder_means(
    real_index: SearchIndex, words: str, category_id: str
) -> None:
    found = real_index.categories_for(words, limit=1)
    assert [category.id for category, _ in found] == [category_id]
