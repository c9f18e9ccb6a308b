"""The words of a message that name the product: filler removed, candidate spans for matching.

Understanding may not import search (layers), so it offers candidate spans and a pure chooser
that takes the caller's scorer (the search index's category score): the span that names a
product wins over greetings, shop names and cities, whatever else the sentence says.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.core.understanding.normalise import clean_text


def _words(text: str) -> tuple[str, ...]:
    """Returns the space-separated words of a vocabulary string."""
    return tuple(text.split())


FILLER_WORDS = _words(
    "hi hello hey hallo please pls thanks thank you about around roughly approx approximately "
    "circa ca some maybe probably i we we're were i'm im i'd we'd we've need needs want wants "
    "looking for to order buy get make made produce source sourcing find of a an the and or "
    "with our my us me it them is are be would like can could do does budget spend shipping "
    "ship ships shipped deliver delivery delivered send sent based located in at on by per "
    "each every month months week weeks year years monthly weekly yearly annually batch run "
    "units unit pcs pc pieces piece items item quantity qty stage already sell selling "
    "currently just also so that this these those than then there ok okay yes yeah no not sure "
    "idk total only up max min minimum moq have has got will shall should must any anything "
    "else from into onto new start startup actually instead rather change mean meant "
    "correction wait currency cost costs price prices target shelf life deadline within days "
    "day lead time next first sales launch launched growing scaling idea at least most give "
    "take let's lets go again here what which how much many between pay bitte danke now "
    "too well another more other different some extra additional "
    # German, French, Spanish, Dutch glue words founders write around the product
    "wir ich brauchen brauche benötigen suchen für fur unsere unser mit und pro etwa stück stk "
    "versand nach liefern lieferung nous je besoin avons cherche pour par des une un envoi "
    "livraison vers necesitamos buscamos para por unos unas envío envio hacia wij zoeken "
    "nodig voor naar per stuks de du la le les el los las al del den dem ein eine einen im "
    "etwa environ alrededor unos besoin necesito busco cherchons presupuesto budget sold far "
    "quote quoted setup fee fees "
    # period abbreviations ("1500 units/yr") say how often, never what
    "yr yrs wk wks mo mos"
)
# Chatty words that never name a product; removed only when picking spans, so the `product`
# field of `parse` stays as the dialog has always read it.
_CHAT_WORDS = frozenset(
    _words(
        "guys folks everyone anyone someone somebody anybody know knows recommend recommendation "
        "recommendations suggestions advice help question quick hoping hope wondering thought "
        "supplier suppliers manufacturer manufacturers factory factories vendor vendors maker "
        "makers producer producers company companies who where small series low run runs "
        "quote quoted quotes offer moq minimum tier tiers setup tooling fee fees sold so far "
        "far shop shops store stores we're i'm our we us they them their he she it's its "
        "team retreat event events customers followers cheap cheaper good best worth "
        "custom-made ideally preferably urgent asap soon tier mould mold cost costs "
        "hallo servus bonjour salut hola gracias merci danke une un una uno ein eine einen "
        "de la le les el los las du der die das et y und oder ou o sehr tres muy "
        "marque brand brands petite kleine small tiny start-up startup business "
        # German, French, Spanish function words around a product
        "was soll tun als machen aktuell alles selbst haben sind bin ist gibt es kann konnen "
        "depuis vendues vendus vends vend cherche cherchons quiero queremos hacer hacemos "
        "tenemos somos estoy vendemos buscamos necesito necesitamos demande exige pide "
        "fournisseur proveedor hersteller lieferant handler zulieferer instagram etsy amazon "
        "shopify online ig tiktok followers backers waitlist preorders test anniversary "
        "hello hiii moin guten morgen buenos dias bonsoir buenas frage question pregunta "
        "printer printers iso stock months anniversary regions tier tiers wants wanted "
        "partner manufacture produce production "
        "nous vous notre nos mon ma mes wir unser unsere nuestra nuestro mi mis "
        "pro par por im al au woche monat jahr mois semaine mes ano semana"
    )
)
# Words that qualify a product but name none alone: a span of only these is no candidate.
_QUALIFIERS = frozenset(
    _words(
        "custom custom-printed printed branded personalised personalized logo logos colour "
        "colours color colors size sizes model models design designs bulk wholesale embroidered "
        "engraved printed knitted woven recycled organic eco kraft sheets sheet leather nylon "
        "silicone wooden wood metal steel acrylic fabric cotton glass plastic paper bamboo "
        "bedruckte bedruckt imprimees imprime impresas impreso"
    )
)
_FILLER = re.compile(  # a hyphenated word ("stand-up", "t-shirt") is one word, never filler
    r"(?<![\w'-])(?:"
    + "|".join(re.escape(w) for w in sorted(set(FILLER_WORDS), key=len, reverse=True))
    + r")(?![\w'-])"
)
# Product words with "up" in them; "up" alone is filler ("up to €500"), so join them first.
_UP_COMPOUNDS = re.compile(r"\b(stand|pop|make|zip|roll|pull)\s+up\b")
_EDGE_MARKS = re.compile(r"(?<!\w)[-'+&]+|[-'+&]+(?!\w)")
# Where one part of a chatty sentence ends and the next begins.
_CLAUSE_BREAK = re.compile(
    r"[,.;:!?()\[\]\n/|]|\s(?:but|because|since|so|and then|also|plus|aber|mais|pero|"
    r"which|that|who|where|when|if|for our|for my|for the|for a|for an)\s"
)
MAX_SPAN_WORDS = 4


def bare_words(text: str) -> str:
    """Returns the text lower-cased with symbols (but in-word - ' + &) turned into spaces."""
    words = re.sub(r"[^\w\s'&+-]", " ", text).lower()
    return " ".join(_EDGE_MARKS.sub(" ", words).split())


def own_words(text: str, product: str) -> str:
    """Returns the founder's own spelling of a product when the message said nothing else.

    The cleaned product is right for matching, but a founder who typed "<b>Boxes</b> & Co" wants
    to see exactly that back (escaped), not "b boxes b co".
    """
    own = clean_text(text)[:200]
    return own if own and bare_words(own) == product else product


def strip_product(text: str) -> str | None:
    """Returns the product words left after removing recognised parts and filler words."""
    words = re.sub(r"[^\w\s'&+-]", " ", text)
    words = _UP_COMPOUNDS.sub(r"\1-up", words.lower())
    words = _FILLER.sub(" ", words)
    cleaned = " ".join(_EDGE_MARKS.sub(" ", words).split())
    if len(re.sub(r"[\W\d_]", "", cleaned)) < 2:
        return None
    return cleaned[:200]


def _clause_words(clause: str) -> list[str]:
    """Returns the words of one clause that may name a product."""
    stripped = strip_product(clause) or ""
    return [w for w in stripped.split() if w not in _CHAT_WORDS and not w.isdigit()]


def product_spans(text: str) -> tuple[str, ...]:
    """Returns the candidate product phrases of a message's leftover text, clause by clause.

    Each clause gives its whole filtered phrase and every run of up to MAX_SPAN_WORDS words,
    longest first, so a caller's scorer can find "fleece jackets" in "a one-time run of fleece
    jackets with embroidered logo for our team retreat, we're in Denver".
    """
    seen: dict[str, None] = {}
    for clause in _CLAUSE_BREAK.split(_UP_COMPOUNDS.sub(r"\1-up", text.lower())):
        words = _clause_words(clause)
        if not words:
            continue
        seen.setdefault(" ".join(words), None)
        for size in range(min(MAX_SPAN_WORDS, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                chosen = words[start : start + size]
                span = " ".join(chosen)
                if len(span) >= 3 and not all(w in _QUALIFIERS for w in chosen):
                    seen.setdefault(span, None)
    return tuple(seen)


def best_span(
    candidates: Sequence[str], score: Callable[[str], float], *, slack: float = 3.0
) -> tuple[str, float] | None:
    """Returns the candidate the scorer rates best (the longest within `slack` of the best).

    `score` is the caller's: 0-100 for how well a phrase names a known product category.
    """
    scored = [(candidate, score(candidate)) for candidate in candidates]
    scored = [(c, s) for c, s in scored if s > 0]
    if not scored:
        return None
    top = max(s for _, s in scored)
    close = [(c, s) for c, s in scored if s >= top - slack]
    return max(close, key=lambda item: (len(item[0].split()), item[1]))


__all__ = [
    "FILLER_WORDS",
    "MAX_SPAN_WORDS",
    "bare_words",
    "best_span",
    "own_words",
    "product_spans",
    "strip_product",
]
