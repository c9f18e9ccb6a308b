"""Text normalisation shared by the search index and its queries (one function for both sides)."""

from __future__ import annotations

import re
import unicodedata

# Month names and quarters (EN/DE/FR/ES, accents folded), a regex alternation: when, never what.
MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|q[1-4]|"
    # German, French and Spanish, accents folded ("15. März", "le 14 juin", "2 de mayo")
    r"januar|februar|marz|juni|juli|oktober|dezember|"
    r"janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    r"noviembre|diciembre"
)

# Letters next to digits are split so "30ml" and "30 ml" read the same.
_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")

# Words that say nothing about what is being sourced, in the languages founders write in.
STOPWORDS: frozenset[str] = frozenset(
    {
        # English
        "a", "an", "the", "and", "or", "for", "with", "of", "to", "in", "on", "at", "by", "from",
        "our", "my", "your", "we", "i", "me", "us", "need", "needs", "needed", "looking", "look",
        "want", "wanted", "some", "any", "who", "can", "could", "make", "made", "making", "per",
        "please", "that", "this", "these", "those", "it", "is", "are", "be", "get", "buy", "find",
        "supplier", "supply", "manufacturer", "manufacturing", "maker", "vendor", "factory",
        "company", "producer", "someone", "where", "which", "what", "like",
        "small", "smal", "batch", "batche", "run", "low", "moq", "minimum", "min", "order",
        "quantity", "qty", "cheap", "good", "best", "about", "around", "approx", "pc", "pcs",
        "piece", "unit", "each", "do", "does", "doe", "will", "would", "have", "has", "ha", "new",
        "help", "anyone", "recommend", "also", "just", "only", "than", "them", "they", "their",
        # German
        "fur", "mit", "und", "oder", "der", "die", "das", "den", "dem", "ein", "eine", "einen",
        "von", "zu", "fuer", "unsere", "unser", "wir", "ich", "brauche", "suche", "kleine",
        "hersteller", "lieferant", "stuck", "stueck",
        # French
        "pour", "avec", "de", "des", "le", "la", "les", "et", "du", "un", "une", "nos", "notre",
        "fabricant", "fournisseur", "petite", "serie",
        # Spanish, Italian, Dutch
        "para", "con", "el", "los", "las", "y", "por", "il", "di", "e", "voor", "met",
        "het", "een", "en", "van",
    }
)  # fmt: skip


# Words that many kinds of product share, as `singular` gives them: alone in a longer phrase
# they name no category ("guitar accessories" are no pet accessories, "bicycle frames" no
# eyeglass frames, "battery packs" no packaging).
GENERIC_WORDS: frozenset[str] = frozenset(
    [
        "accessory",
        "part",
        "supply",
        "good",
        "equipment",
        "product",
        "item",
        "material",
        "frame",
        "holder",
        "press",
        "set",
        "kit",
        "piece",
        "unit",
        "service",
        "line",
        "pack",
        "tape",
    ]
)


# ASCII text (most of it) takes a fast path: every non-alphanumeric character becomes a space.
_ASCII_SPACES = {code: " " for code in range(128) if not chr(code).isalnum()}


# "thé" (French) and "té" (Spanish) are tea: without their accent they would read as the glue
# words "the" and "te", so they are spelt "tea" before the accents go.
_TEA = re.compile(r"(?<![^\W\d_])th?é(?![^\W\d_])", re.IGNORECASE)


def _tea(text: str) -> str:
    """Returns the text with the French and Spanish words for tea written as "tea"."""
    if "é" not in text and "É" not in text:  # most text: no copy, no normalising
        return text
    return _TEA.sub("tea", unicodedata.normalize("NFC", text))


def fold_accents(text: str) -> str:
    """Returns text with accents stripped (Österreich -> osterreich) and casefolded."""
    decomposed = unicodedata.normalize("NFKD", _tea(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def fold(text: str) -> str:
    """Returns `text` casefolded, without accents, control characters or punctuation."""
    if text.isascii():
        return _DIGIT_LETTER.sub(" ", text.translate(_ASCII_SPACES).lower())
    decomposed = unicodedata.normalize("NFKD", _tea(text))
    chars: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char):
            continue
        chars.append(char if char.isalnum() else " ")
    folded = "".join(chars).casefold()
    return _DIGIT_LETTER.sub(" ", folded)


# Trade abbreviations that name a way of making only in capitals ("POD companies", "a POD-
# Anbieter"); in lower case the same letters are a word ("coffee pods").
_CAPITAL_CODES = re.compile(r"(?<![\w-])PODs?(?![^\W_])-?")


def spell_out_codes(text: str) -> str:
    """Returns the text with the trade abbreviations written in capitals spelt out ("POD" ->
    "print on demand"): the search index's queries and the reader read them alike."""
    return _CAPITAL_CODES.sub("print on demand ", text) if "POD" in text else text


def singular(word: str) -> str:
    """Returns a simple English singular and stem ("boxes" -> "box", "printed" -> "print")."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    # Light stemming so "printed", "printing" and "print" meet; the stem keeps four letters.
    if word.endswith("ing") and len(word) >= 7:
        return word[:-3]
    if word.endswith("ed") and len(word) >= 6:
        return word[:-2]
    return word


def words(text: str) -> list[str]:
    """Returns the normalised words of `text`, in order, stopwords included."""
    return [singular(token) for token in fold(text).split()]


def content_words(text: str) -> list[str]:
    """Returns the normalised words of `text` that can match: no stopwords, no lone letters."""
    out: list[str] = []
    for token in fold(text).split():
        if token in STOPWORDS:
            continue
        word = singular(token)
        if word not in STOPWORDS and (len(word) > 1 or word.isdigit()):
            out.append(word)
    return out


def normalise(text: str) -> str:
    """Returns `text` as normalised words joined by spaces ("30ml Bottles" -> "30 ml bottle")."""
    return " ".join(words(text))


def strip_controls(text: str) -> str:
    """Returns `text` without control or format characters (whitespace ones become spaces)."""
    if text.isprintable():
        return text
    return "".join(
        " " if c.isspace() else "" if unicodedata.category(c) in {"Cc", "Cf"} else c for c in text
    )


def clean_text(text: str) -> str:
    """Returns the text NFKC-normalised, control characters as spaces, whitespace collapsed."""
    normalised = unicodedata.normalize("NFKC", text)
    out = []
    for ch in normalised:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            out.append(" ")
        else:
            out.append(ch)
    return " ".join("".join(out).split())
