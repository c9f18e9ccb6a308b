"""The words of a message that name the product: filler removed, candidate spans for matching.

Understanding may not import search (layers), so it offers candidate spans and a pure chooser
that takes the caller's scorer (the search index's category score): the span that names a
product wins over greetings, shop names and cities, whatever else the sentence says.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.core.understanding import lazy_re as re
from bot.core.understanding.currency_countries import CURRENCY_COUNTRIES
from bot.core.understanding.normalise import (
    GENERIC_WORDS,
    MONTHS,
    clean_text,
    fold_accents,
    singular,
    spell_out_codes,
)


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
    "quarter quarters quarterly "
    "units unit pcs pc pieces piece items item quantity qty stage already sell selling "
    "currently just also so that this these those than then there ok okay yes yeah no not sure "
    "idk total only up max min minimum moq have has got will shall should must any anything "
    "else from into onto new start startup actually instead rather change mean meant "
    "correction wait currency cost costs price prices target shelf life deadline within days "
    "day lead time next first sales launch launched growing scaling idea at least most give "
    "take let's lets go again here what which how much many between pay bitte danke now "
    "too well another more other different some extra additional "
    # a limit on a number ("under 300 bucks a month", "300 a month tops")
    "under below over tops maximum bucks right "
    # whether it makes sense ("does that make sense", "macht das Sinn", "tiene sentido")
    "sense makes sinn macht sentido tiene "
    # German, French, Spanish, Dutch glue words founders write around the product
    "wir ich brauchen brauche benötigen suchen für fur unsere unser mit und pro etwa stück stk "
    "versand nach liefern lieferung nous je besoin avons cherche pour par des une un envoi "
    "livraison vers necesitamos buscamos para por unos unas envío envio hacia wij zoeken "
    "nodig voor naar per stuks de du la le les el los las al del den dem ein eine einen im "
    "etwa environ alrededor unos besoin necesito busco cherchons presupuesto budget sold far "
    "quote quoted setup fee fees piezas pieza unidades minimo mindestmenge "
    # period abbreviations ("1500 units/yr") say how often, never what
    "yr yrs wk wks mo mos "
    # a first run or order in German, French and Spanish ("Erstauflage 5.000 Riegel")
    "erstauflage auflage erstbestellung probelauf tirada tanda "
    # "150ish", "~200-ish": how sure the number is, never what
    "ish "
    # buying, in German, French and Spanish: the verb, never the thing bought
    "comprar compramos compro acheter achetons achete kaufen kaufe "
    # wholesale ("al por mayor", "en gros", "im Großhandel"): how it is bought, never what
    "mayor mayoreo "
    # how often, as an adjective ("500 docenas semanales", "livraisons mensuelles")
    "semanal semanales mensual mensuales anual anuales hebdomadaire hebdomadaires mensuel "
    "mensuels mensuelle mensuelles annuel annuels annuelle annuelles wochentlich monatlich "
    "jahrlich"
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
        "marque brand brands petite kleine small tiny says said think thinks yet still really "
        "lol haha basically honestly tbh btw thoughts opinions ideas revenue revenues umsatz "
        "press presses alguien quelqu'un quelquun jemand jemanden jemandem "
        # the header of a quote pasted from an e-mail ("FW: Angebot Etiketten", "Devis reçu")
        "angebot angebote devis cotizacion cotizaciones quotation quotations offerte fw fwd "
        "subject betreff objet asunto "
        # German, French, Spanish function words around a product
        "was soll tun als machen aktuell alles selbst haben sind bin ist gibt es kann konnen "
        "depuis vendues vendus vends vend cherche cherchons quiero queremos hacer hacemos "
        "tenemos somos estoy vendemos buscamos necesito necesitamos demande exige pide "
        "fournisseur proveedor hersteller lieferant handler zulieferer instagram etsy amazon "
        "shopify online ig tiktok followers backers waitlist preorders test anniversary "
        "hello hiii moin guten morgen buenos dias bonsoir buenas frage question pregunta "
        "producir fabricar hacer produire fabriquer faire realiser plus planen plane planning "
        "own eigene eigenen propre propres propia propio wife husband mum mom dad sister "
        "brother friend friends kids "
        "plan planifions planeamos "
        "printer printers iso stock months anniversary regions tier tiers wants wanted "
        "partner manufacture produce production batches "
        "nous vous notre nos mon ma mes wir unser unsere nuestra nuestro mi mis "
        "pro par por im al au woche monat jahr mois semaine mes ano semana "
        # greetings of many places ("Hoi zäme", "Grüezi mitenand", "Habari", "Merhaba")
        "hoi zame gruezi mitenand salam salaam habari shalom merhaba ciao ola oi howzit "
        "namaste assalamualaikum g'day gday legends "
        # what the founder thinks or plans, never what they source ("I think", "je pense")
        "think thinking guess reckon denke glaube pense crois creo pienso "
        # a first run in German ("für die erste Serie"): how much, never what
        "erste ersten serie "
        # a target price named as a noun ("Zielpreis 22 €", "prix cible", "precio objetivo")
        "zielpreis preisziel cible objetivo "
        # production, sampling: stages of making, never the product ("sampling first then prod")
        "prod sampling"
    )
)
# Function words and everyday verbs of forum messages (EN/DE/FR/ES), a closed list: never part
# of a product's name, they join the words around them ("under [a] bag", "qui veut").
_FUNCTION_WORDS = frozenset(
    _words(
        "under over above below after before during until while about against among through "
        "across without within upon onto off out up down again once more most less least very "
        "really quite just only even also too still yet ever never always often sometimes "
        "maybe perhaps probably actually currently basically honestly anyway though although "
        "however whether either neither both each every all any some many much few several "
        "other another such same own this that these those there here where when why how what "
        "who whom whose which is am are was were be been being has have had having do does did "
        "doing can can't cannot could couldn't will won't would wouldn't shall should shouldn't "
        "may might must need's it's that's there's what's let let's get gets got getting go goes "
        "going went gone come comes came take takes took taking give gives gave keep keeps kept "
        "move moves moved put puts charge charges charged pay pays paid cost handle handles "
        "manage run runs running start starts started way ways thing things stuff lot lots bit "
        "kind sort type ct pc approx etc vs per via tier tiers tramo tramos palier paliers "
        "staffel stufe quartal quartals trimestre big deal sure worth fine normal good bad "
        "realistic smart crazy cheap expensive season seasons saison saisons temporada "
        "uberhaupt unter uber ueber vor nach seit bis ohne gegen durch mindestens hochstens "
        "ungefahr "
        "circa ca etwa jetzt noch schon nur auch sehr ganz mal dann denn doch ja nein nicht "
        "kein keine wir ihr sie er es man ich du mich mir uns euch sich ist sind war waren "
        "wird werden wurde habe hast hat haben hatte kann konnen konnte muss mussen soll "
        "sollen will wollen mochten mochte zahlen zahle kostet kosten sorte sorten stuck "
        "qui que quoi dont ou mais donc car ni puis avec sans sous sur chez vers pendant "
        "depuis environ seulement aussi tres trop deja encore veut veulent voudrait voudraient "
        "peut peuvent pourrait doit doivent faut fait font est sont etait avons avez ont suis "
        "es ai as coute coutent paie payons recette recettes sorte ne se ce aurais aurions "
        "que quien cual cuyo donde cuando como pero sino ni tambien muy mas menos ya todavia "
        "aun solo sobre bajo tras hasta segun durante entre hacia desde sin con es son era "
        "somos soy estamos esta estan hay tiene tienen tenemos puede pueden podria quiere "
        "quieren queria debe deben cuesta cuestan pagamos receta recetas tipo "
        # verbs and adverbs founders put around the product ("Kalender drucken lassen", "on
        # veut maintenant des boitiers", "trying to figure out tins", "cada vez", "nomas")
        "lassen drucken bauen herstellen fertigen nahen naht abfullen maintenant fabrique "
        # the founder's own making in German ("ich baue", "ich fertige"), never the product
        "baue baut fertige produziere produzieren "
        "fabriquer fabriquons trying tried try figure used using cada vez nomas veces "
        "bigger smaller larger better faster vender vendre il ils elle elles lancer "
        "sacar lanzar "
        "premier premiere premiers dernier derniere "
        # done, signed, seasons: what happened or when, never what is made ("anyone done this",
        # "3 hotels signed", "sold 1,100 pairs last winter", "opening in spring")
        "done signed spring summer autumn fall winter "
        # asking what it costs ("je voudrais savoir combien coûte", "cuánto cuesta", "wie viel")
        "savoir combien quel quelle quels quelles actuellement saber cuanto cuanta cuantos wer "
        "wissen wieviel viel welche welcher imprimir imprimer sabe saben sait savez weiss "
        # how far a product has got, never what it is ("prototype approved", "design done")
        "approved done ready finished finalised finalized tested validated signed "
        # offered or quoted ("on m'a proposé", "me ofrecieron", "uns wurde angeboten")
        "propose proposee proposes proposent proposait offert ofrecio ofrecieron ofrece "
        "ofrecen cotizaron angeboten bietet te "
        # a quote passed on ("me pasaron esta cotización", "they sent me this")
        "pasaron mandaron enviaron parece"
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
# "first aid kits": "first" is filler ("first order") but not in the name of first-aid kits
_FIRST_AID = re.compile(r"\bfirst\s+aid\b")
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


def only_chatter(phrase: str) -> bool:
    """Returns whether every word of a phrase is chatter or glue ("even", "tier", "mi"): what is
    left of "does that even make sense?" once its filler is gone names no product."""
    words = fold_accents(phrase.lower()).split()
    return all(w in _FUNCTION_WORDS or w in _CHAT_WORDS for w in words)


def strip_product(text: str) -> str | None:
    """Returns the product words left after removing recognised parts and filler words."""
    words = re.sub(r"[^\w\s'&+-]", " ", text)
    words = _UP_COMPOUNDS.sub(r"\1-up", words.lower())
    words = _FILLER.sub(" ", words)
    cleaned = " ".join(_EDGE_MARKS.sub(" ", words).split())
    if len(re.sub(r"[\W\d_]", "", cleaned)) < 2 or only_chatter(cleaned):
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
    "LABEL_CUE_POINTS",
    "MAKER_ROLES",
    "MAX_SPAN_WORDS",
    "PROCESS_WORDS",
    "ROLE_WORDS",
    "WHO_CUE_POINTS",
    "Phrase",
    "bare_words",
    "best_span",
    "by_compound_head",
    "compound_heads",
    "has_maker",
    "own_words",
    "phrases",
    "process_phrases",
    "product_spans",
    "role_phrases",
    "strip_product",
    "with_complements",
    "with_label_kind",
]


# --------------------------------------------------------------------------------------------
# Noun phrases with the words around them (message.py rates them)
# --------------------------------------------------------------------------------------------

# Kinds of supplier: a role says who makes the product, never what it is ("co-packer", "OEM").
ROLE_WORDS = frozenset(
    _words(
        "co-packer co-packers copacker copackers co-packing copacking co-manufacturer "
        "co-manufacturers comanufacturer co-man manufacturer manufacturers factory factories "
        "supplier suppliers vendor vendors printer printers printshop lab labs laboratory "
        "roaster roasters roastery oem odm ems partner partners service services agent agents "
        "agency maker makers producer producers workshop workshops "
        "wholesaler wholesalers distributor distributors marketplace platform mill mills "
        "foundry bottler canner chocolatier chocolatiers confectioner brewery distillery winery "
        "caster casters tailor tailors seamstress embroiderer engraver moulder molder machinist "
        "cutter cutters mouliste blender blenders packer packers fab fabs fabricator fabricators "
        "filler fillers brewer brewers "
        "hersteller herstellers lieferant lieferanten zulieferer fabrik druckerei manufaktur "
        "handler rosterei werkstatt produzent lohnhersteller schneiderei naherei giesserei "
        "lohnabfuller abfuller embouteilleur envasadora envasador "
        "fournisseur fournisseurs fabricant fabricants faconnier faconniers atelier usine "
        "imprimeur laboratoire "
        "proveedor proveedores fabricante fabricantes maquila maquiladora taller fabrica "
        "imprenta laboratorio agente obrador obradores"
    )
)
# Roles that make the founder's own product: with one of them, bottles or jars count it.
MAKER_ROLES = frozenset(
    _words(
        "co-packer co-packers copacker copackers co-packing copacking co-manufacturer "
        "co-manufacturers comanufacturer co-man lab labs laboratory bottler canner roaster "
        "roastery maquila lohnabfuller abfuller embouteilleur envasadora envasador "
        "lohnhersteller laboratoire laboratorio private-label white-label eigenmarke "
        "maquiladora maquiladoras embotelladora "
        # who fills, brews, packs or makes to order the founder's own recipe ("a filler for
        # 30ml bottles", "un façonnier pour 1 200 sachets", "a contract brewer")
        "filler fillers brewer brewers packer packers faconnier faconniers "
        # a Spanish food workshop making to order ("buscamos obrador que la produzca")
        "obrador obradores"
    )
)
# Shops and platforms a founder sells through: where, never what.
_RETAILERS = frozenset(
    _words(
        "amazon etsy shopify ebay walmart tesco costco sephora wholefoods kickstarter "
        "indiegogo instagram tiktok faire target wholefoods traderjoes nykaa shopee lazada "
        "zalando"
    )
)
# Words after which the item to source follows ("need", "looking for", "buscamos").
_NEED_CUES = frozenset(
    _words(
        "need needs needed want wanted looking seeking searching require requires "
        "order ordering buy buying purchase source outsource outsourcing "
        "brauchen brauche benotigen suchen suche bestellen um "
        "besoin faut cherchons cherche recherchons recherche commander voudrais voudrions "
        "voulons veux voulez aimerions "
        "necesito necesitamos buscamos busco buscando queremos quiero pedir "
        # the third person of a business that seeks ("Unsere Manufaktur sucht Gläser")
        "wanting sucht benotigt braucht cherchent busca buscan necesita necesitan "
        # asking who bought it before ("anyone sourced yoga mats?"), wishes ("I'd like",
        # "me gustaría"): the item follows
        "sourced would-like gustaria "
        "wollen mochten aimerais souhaite souhaitons faudrait quisiera quisieramos "
        # what a supplier is to make, in the subjunctive of a relative clause ("un taller que
        # haga anillos", "un atelier qui fasse des sacs"): the item asked for follows
        "haga hagan fabriquen produzca produzcan elabore elaboren confeccione "
        "confeccionen imprima impriman fasse fassent produise produisent "
        # a supplier's making asked about ("¿alguien hace camisetas bordadas?")
        "hace hacen "
        # buying, in German, French and Spanish ("¿dónde comprar huevos?")
        "comprar compramos compro acheter achetons achete kaufen kaufe"
    )
)
# Words after which the founder's own product follows ("we make soap", "hacemos jabones").
_MAKE_CUES = frozenset(
    _words(
        "make makes making sell sells selling produce knit knits sew sews design designs "
        "designing designed "
        "machen verkaufen herstellen stellen "
        "fabriquons vendons faisons fais vend "
        "hacemos vendemos fabricamos elaboramos tenemos "
        # the same in the first and third person, and the trades' own verbs ("ich verkaufe
        # Gewürzmischungen", "vendo alfajores", "wir rösten Kaffee"); not English "brew" or
        # "roast", nouns as often ("cold brew", "dark roast")
        "verkaufe verkauft mache macht produziere produzieren produziert backe backen backt "
        "braue brauen roste rosten "
        "vends vendons produisons produis "
        "vendo hago fabrico elaboro producimos horneamos tostamos "
        # developing one's own product ("wir entwickeln einen Helm", "je développe un déodorant")
        "develop develops developing supplying entwickeln entwickle entwickelt developpe "
        "developpons "
        "desarrollamos"
    )
)
# Words that end a noun phrase: prepositions, units of size and weight, clause words.
_PHRASE_ENDS = frozenset(
    _words(
        "in into inside with via from at using on by than like vs versus but because since so "
        "copies copy pcs pieces units pairs and or und oder et ou "
        "if when where which that who what how whether "
        "g gr kg mg ml cl l oz lb lbs cm mm m gsm inch inches sqm sqft m2 "
        "mit aus bei von als wie aber weil dass "
        "avec chez depuis mais dans sur "
        "con desde pero en sobre y o"
    )
)
_ENGLISH_LINKS = frozenset({"of"})  # "bottles of beard oil": one phrase, its head after "of"
# Process words: how a product is made, never the product ("screen printed", "injection moulded").
PROCESS_WORDS = _PROCESS_WORDS = frozenset(
    _words(
        "screen screen-printed injection moulded molded moulding molding cast casting forged "
        "stamped sewn stitched machined milled thermoformed laser-cut engraved embossed pack "
        "welded engraving embroidery sublimation etching plating anodising anodizing coating "
        "welding sewing knitting weaving dyeing bottling canning packing filling assembly kitting "
        "enlatado embotellado envasado abfullung embotella embotellan envasa envasan labelled "
        "labeled "
        "debossed foiled cut print private-label white-label handmade hand-made made printing "
        "prototypes prototype samples sample product products produkt produkte produit produits "
        "producto productos specific eigenmarke molde moldes moule moules impression "
        "impresion bestuckt bestickt graviert gefrast gedruckt brode brodee "
        "brodes brodees grave graves bordado bordados bordadas grabado grabados "
        # the tools and machines a product is made with, never the product
        "cutter cutters machine machines mould moulds mold molds tooling werkzeug prototypen "
        "prototyp lasergravur gravur spritzguss moule moules molde moldes "
        # the plates, clichés and dies a print or a box is made with ("$80 for the print plate",
        # "Druckplatten einmalig", "matriz USD 40"): tooling, never the product
        "druckplatte druckplatten klischee klischees cliche cliches stanzform stanzformen "
        "troquel troqueles matriz matrices "
        # done to a product, never the product ("Teebeutel befüllt + verpackt")
        "befullt verpackt abgefullt gefullt genaht gestickt packed filled sealed assembled "
        "remplis emballes rellenos envasados empaquetados cut-and-sew "
        # pressed into shape ("vinyl records pressed", "pressed in Czechia")
        "pressed"
    )
)
# Services that find, develop or list what a founder sources, never the item itself.
SERVICE_HEADS = frozenset(
    _words(
        "development developpement desarrollo entwicklung produktentwicklung directory "
        "directories annuaire annuaires directorio directorios verzeichnis"
    )
)
_TOKENS = re.compile(r"[^\W_]+(?:['+&-][^\W_]+)*|[^\w\s]")
_LABEL_COMPOUNDS = re.compile(r"\b(private|white)\s+label\b")
# "a cut & sew factory": one way of making, the kind of supplier asked for
_CUT_AND_SEW = re.compile(r"\bcut\s*(?:&|and|n|'n')\s*sew\b")
# "a print on demand for posters": one way of making, the kind of supplier asked for
_ON_DEMAND = re.compile(r"\bprint(?:ed|ing)?[\s-]+on[\s-]+demand\b")
# "I'd like", "we would love": a wish, the item wished for follows
_WISH = re.compile(r"\b(?:i'?d|we'?d|would)\s+(?:really\s+)?(?:like|love)\b")
# Plates and dies a print or a box is made with ("the print plate", "custom box die",
# "plaques d'impression"), the program a knitting or embroidery machine runs ("knitting
# programme fee"): tooling, never the product
_TOOLING = re.compile(
    r"\b(?:(?:print|printing|cutting|box|embossing|foil|foiling)\s+(?:plates?|dies?|tools?)"
    r"|(?:knitting|embroidery|stitch)\s+(?:programmes?|programs?|files?)"
    r"|(?:plaques?|planchas?)\s+(?:d'|de\s+)impresi?on)\b"
)
# "quien me lo envase", "una planta que lo empaque": whoever packs the founder's own product is
# a co-packer, whatever it is packed in
_PACKS_IT = re.compile(
    r"\b(que|quien)\s+(?:(?:me|nos|te)\s+)?(?:(?:lo|la|los|las|le|les)\s+)?"
    r"(?:envase|envasen|empaque|empaquen|embolse|embolsen|embotelle|embotellen|enlate|enlaten)\b"
)
# Shops of two words, written as one retailer ("Whole Foods" sells, it is no food).
_RETAILER_NAMES = re.compile(r"\b(?:whole\s+foods|trader\s+joe'?s?)\b")
# How a product is branded, never what it is ("private label face wash", "en marque blanche").
_LABEL_KINDS = frozenset({"private-label", "white-label"})
# "en marque blanche", "marca blanca": white label, not the founder's brand
_WHITE_LABEL = re.compile(r"\b(?:marques?\s+blanches?|marcas?\s+blancas?)\b")
# Points a phrase gains from the words before it (need verbs) or loses (the founder's own make).
NEED_CUE_POINTS = 10.0
MAKE_CUE_POINTS = -20.0
# "we're a seed-stage medtech": who the founder is loses even when nothing else is asked for
WHO_CUE_POINTS = -21.0
# "also need stickers": an item asked for besides the main one, still asked for
ALSO_CUE_POINTS = 2.0
_ALSO = frozenset(_words("also auch aussi tambien ademas"))
# "no wait, I mean the tissue paper": what a founder corrects to replaces what came before.
CORRECTION_CUE_POINTS = 25.0
# What a product is for ("leather straps for watches", "Etiketten für Honiggläser"): the
# founder's own product or its use, like a make verb's object, never the item asked for.
PURPOSE_CUE_POINTS = MAKE_CUE_POINTS
_CORRECTIONS = frozenset(_words("wait meant correction oops scratch pardon perdon quise"))
# "Product: bamboo toothbrushes": the founder names the product outright, whatever else follows.
LABEL_CUE_POINTS = 30.0
# Words that label the product when a colon follows ("Product:", "Produkt:", "Producto:").
_LABELS = frozenset(
    _words("product produkt produit producto prodotto item artikel article articulo")
)


@dataclass(frozen=True, slots=True)
class Phrase:
    """One candidate product phrase: its words, its head noun and what came before it."""

    span: str  # lower-case words, as the scorer reads them
    head: str  # the word that names the thing (last in EN/DE, first in FR/ES)
    cue: float  # points from the words before its noun phrase (need verbs +, make verbs -)
    role: str | None  # the role word right after it ("granola" of "granola co-packer")
    position: int  # the phrase's order in the message (earlier first)
    whole: bool = False  # its head is its noun phrase's head (the last noun; first in FR/ES)
    process: str | None = None  # a way of making done on it ("screen printing" on t-shirts)
    made: str = ""  # the process words the span starts with, once they are joined to it
    run: int = 0  # which noun phrase of the message it comes from
    business: bool = False  # it names what the founder's shop sells ("pet" of "our pet shop")


def has_maker(text: str) -> bool:
    """Returns whether the text names a role that makes the founder's product ("co-packer"),
    or any role made to order ("a contract manufacturer", "Auftragsfertiger")."""
    tokens = _tokens(text)
    return any(
        token in MAKER_ROLES or (token in _CONTRACT and later in ROLE_WORDS)
        for token, later in itertools.pairwise([*tokens, ""])
    )


# "a contract manufacturer", "a contract packer": made to the founder's order, their product
_CONTRACT = frozenset({"contract"})


def _tokens(text: str) -> list[str]:
    """Returns the message's lower-case, accent-folded tokens: words and punctuation marks."""
    folded = fold_accents(_UP_COMPOUNDS.sub(r"\1-up", spell_out_codes(text).lower()))
    folded = _WISH.sub("would-like", folded)
    folded = _FIRST_AID.sub("first-aid", folded)
    folded = _TOOLING.sub("tooling", folded)
    folded = _PACKS_IT.sub(r"\1 co-packing", folded)
    folded = _LABEL_COMPOUNDS.sub(r"\1-label", folded)
    folded = _WHITE_LABEL.sub("white-label", folded)
    folded = _CUT_AND_SEW.sub("cut-and-sew", folded)
    folded = _ON_DEMAND.sub("print-on-demand", folded)
    folded = _RETAILER_NAMES.sub(lambda m: m.group(0).replace(" ", "").replace("'", ""), folded)
    folded = re.sub(r"(?<=\w)'s\b", "", folded)  # "our shop's": the shop
    folded = _ELISION.sub(lambda m: _ELIDED[m.group(1)] + " ", folded)
    tokens = [part for token in _TOKENS.findall(folded) for part in _own_compound(token)]
    return [_brand_label(tokens, number) for number in range(len(tokens))]


def _own_compound(token: str) -> tuple[str, ...]:
    """Returns a hyphenated word that ends in the founder's business ("Proteinriegel-Marke",
    "kombucha-startup") as its two words, so the product before the hyphen is read as the
    founder's own; any other token as itself."""
    first, _, last = token.rpartition("-")
    return (first, last) if first and last in _OWN_WORDS and first[-1].isalpha() else (token,)


def _brand_label(tokens: Sequence[str], number: int) -> str:
    """Returns the token, with "label" read as "brand" after a possessive ("our label", "unser
    kleines Label"): one's own label is the fashion brand, not a label to print."""
    if tokens[number] != "label":
        return tokens[number]
    before = tokens[max(0, number - 2) : number]
    if any(t in _POSSESSIVES or t in _OWN_LABEL for t in before):
        return "brand"
    # "a swimwear label", "Modelabel": a label named by a kind of clothing is a fashion house
    return "brand" if before and before[-1] in _FASHION_KINDS else "label"


# "unter eigenem Label", "mein Label": the founder's own label, beside the possessives
_OWN_LABEL = frozenset(_words("own mein meinem eigenem eigenes eigene eigenen eigener"))
_FASHION_KINDS = frozenset(
    _words(
        "fashion clothing apparel streetwear swimwear lingerie knitwear menswear womenswear "
        "kidswear activewear sportswear loungewear surfwear skatewear bridal mode bademode "
        "moda mode"
    )
)


# French elides a small word before a vowel ("d'environ", "l'etiquette", "j'aurais"): written
# out again, it is the glue word it stands for, never part of the next word.
_ELIDED = {
    **{"d": "de", "l": "le", "j": "je", "qu": "que", "n": "ne", "s": "se", "c": "ce"},
    **{"m": "me", "t": "te"},  # "on m'a proposé des sous-bocks": to me, never the product
}
_ELISION = re.compile(r"(?<![\w'-])(qu|[dljnsctm])'(?=\w)")


def _ends_phrase(token: str) -> bool:
    """Returns whether a token ends the noun phrase before it, even a glue word ("in", "our":
    "peluches de nuestra mascota" holds two)."""
    return (
        not token[0].isalnum()
        or token in _PHRASE_ENDS
        or token in _POSSESSIVES
        or token in _RETAILERS
        or _NUMBER.fullmatch(token) is not None
    )


def _is_break(token: str) -> bool:
    """Returns whether a token ends the noun phrase before it ("x", "g": no product word)."""
    return _ends_phrase(token) or len(token) == 1


@dataclass(slots=True)
class _Run:
    """A run of product words between breaks, with the cue before it."""

    words: list[str] = field(default_factory=list)
    cue: float = 0.0
    role: str | None = None
    closer: str = ""  # the token that ended it
    process: str | None = None  # a way of making just before it ("screen printing [on]")
    placed: bool = False  # where a role is asked for ("a partner [in the EU] for panels")


def _cue_after(tokens: Sequence[str], number: int, cue: float) -> float:
    """Returns the cue in force after tokens[number] (the cue before it is `cue`)."""
    word = tokens[number]
    later = tokens[number + 1] if number + 1 < len(tokens) else ""
    if word == ":" and number > 0 and tokens[number - 1] in _LABELS:
        return LABEL_CUE_POINTS
    if word in ROLE_WORDS:
        # "a co-packer for hot sauce", "a supplier of amber jars"
        asked = later in _FOR or later in ("of", "de") or _placed_for(tokens, number)
        return NEED_CUE_POINTS if asked else 0.0
    if word in _FOR:
        # "for our soap bars": the founder's own; "the MOQ for the jars": the item asked about
        return MAKE_CUE_POINTS if later in _POSSESSIVES else max(cue, NEED_CUE_POINTS / 2)
    if word in _NEED_CUES:
        # "also want stickers to seal them": an extra item, wanted less than the one before
        also = number > 0 and tokens[number - 1] in _ALSO
        return ALSO_CUE_POINTS if also else NEED_CUE_POINTS
    if word in _MAKE_CUES:
        return MAKE_CUE_POINTS if _first_person(tokens, number) else cue
    if word in _OWN_WORDS and later in ("of", "de", "d"):
        return MAKE_CUE_POINTS  # "a brand of hot sauce", "marque de jus": the founder's own
    if word in _OWN_WORDS or not _is_break(word):
        return cue
    if word in _PLACE_LINKS and number > 0 and tokens[number - 1] in ROLE_WORDS:
        return cue  # "a partner in [the EU] for panels": the role's need goes on
    if word in _POSSESSIVES:
        # "need our labels reprinted" holds the need; "mes bougies", "our candles": our own
        return cue if cue > 0 else MAKE_CUE_POINTS
    # a cue still holds after a number, a unit or a colon ("need 1 kg bags"), a correction
    # after its punctuation ("no wait, sorry, for the tissue paper")
    corrected = cue >= CORRECTION_CUE_POINTS and not word[0].isalnum()
    held = _NUMBER.fullmatch(word) or word in _UNITS or corrected or _in_number(tokens, number)
    return cue if held or word == ":" else 0.0


def _in_number(tokens: Sequence[str], number: int) -> bool:
    """Returns whether tokens[number] is the separator inside a number ("5 , 000")."""
    if tokens[number] not in (",", ".") or not 0 < number < len(tokens) - 1:
        return False
    return tokens[number - 1].isdigit() and tokens[number + 1].isdigit()


def _first_person(tokens: Sequence[str], number: int) -> bool:
    """Returns whether a make verb is the founder's ("we make", "hacemos"), not a supplier's
    ("someone who can make", "a lab to make our oil"): English needs "I" or "we" before it."""
    if tokens[number] not in _ENGLISH_MAKE:
        return True  # "hacemos", "verkaufen", "fabriquons" say who by their ending
    return any(t in _FIRST_PERSON for t in tokens[max(0, number - 3) : number])


_ENGLISH_MAKE = frozenset(
    _words(
        "make makes making sell sells selling produce knit knits sew sews design designs "
        "designing designed develop develops developing supplying"
    )
)
_FIRST_PERSON = frozenset(
    _words(
        "i we i'm we're im were i've we've startup start-up brand wife husband partner "
        # the founder's story told without "I" ("laid off in 2023, started making candles")
        "started began"
    )
)


# "We are a seed-stage medtech", "I'm a dentist", "nous sommes une fromagerie", "ich bin
# Schreiner": what follows is who the founder is, not what they source.
_WE_ARE = (
    ("we're",), ("we", "are"), ("i'm",), ("i", "am"), ("im",), ("nous", "sommes"), ("on", "est"),
    ("somos",), ("soy",), ("wir", "sind"), ("ich", "bin"), ("je", "suis"),
)  # fmt: skip
_ARTICLES = frozenset(_words("a an une un una uno ein eine einen"))
# German, French and Spanish name a trade without an article ("ich bin Schreiner").
_TRADE_WITHOUT_ARTICLE = frozenset({("ich", "bin"), ("je", "suis"), ("soy",)})


def _introduces_us(tokens: Sequence[str], number: int, kept: frozenset[str]) -> bool:
    """Returns whether tokens[number] starts what the founder says they are: the article after
    "we're", "I am", "somos" (or, in German, French and Spanish, the trade right after); a
    word `kept` as a product's word is no "I am" ("soy wax melts" in English)."""
    if tokens[number] in _ARTICLES:
        return any(tuple(tokens[max(0, number - len(w)) : number]) == w for w in _WE_ARE)
    token = tokens[number]
    if not token.isalpha() or token in _FUNCTION_WORDS or token in _CHAT_WORDS:
        return False  # "soy de Cusco", "ich bin auf der Suche", "je suis nouveau"
    if _FILLER.fullmatch(token) is not None:
        return False
    return any(
        tuple(tokens[max(0, number - len(w)) : number]) == w
        for w in _TRADE_WITHOUT_ARTICLE
        if not kept.intersection(w)
    )


def _jump(
    tokens: Sequence[str], number: int, runs: list[_Run], cue: float, kept: frozenset[str]
) -> tuple[float, bool]:
    """Returns the cue after tokens[number] when it corrects ("no wait, the tissue paper") or
    says who the founder is ("we're a seed-stage medtech"), and whether it is used up by that;
    else `cue` unchanged. Who the founder is starts a run of its own."""
    token = tokens[number]
    if token in _CORRECTIONS:
        return CORRECTION_CUE_POINTS, True
    if not _introduces_us(tokens, number, kept):
        return cue, False
    if runs[-1].words:
        runs.append(_Run())
    return WHO_CUE_POINTS, token in _ARTICLES


def _inner_size(tokens: Sequence[str], number: int, run: _Run) -> bool:
    """Returns whether the token is a size written inside a noun phrase, after a word that
    only describes the product ("embossed [750ml] bottles", "glass [500ml] jars"): it does
    not end its name; after a noun it is a spec that follows the name ("tote [12oz] natural")."""
    later = tokens[number + 1] if number + 1 < len(tokens) else ""
    before = run.words[-1] if run.words else ""
    return (
        (before in _QUALIFIERS or before.endswith("ed"))
        and _SIZE.fullmatch(tokens[number]) is not None
        and later.isalpha()
        and not _is_break(later)
    )


# A number with its unit written as one word ("750ml", "70cl", "8oz", "250g")
_SIZE = re.compile(r"\d+(?:[.,]\d+)?(?:ml|cl|l|oz|g|gr|kg|mm|cm|in)")


def _runs(tokens: Sequence[str], links: frozenset[str], kept: frozenset[str]) -> list[_Run]:
    """Returns the runs of candidate words, each with the cue that came before it (`kept`:
    glue words of another language that name a product in this one)."""
    runs: list[_Run] = [_Run()]
    cue = 0.0
    purpose = False  # the next run says what the one before is for ("straps [for] watches")
    for number, token in enumerate(tokens):
        cue, used = _jump(tokens, number, runs, cue, kept)
        if used or _inner_size(tokens, number, runs[-1]):
            continue
        glue = token in links or (
            (
                _FILLER.fullmatch(token) is not None
                or token in _CHAT_WORDS
                or token in _FUNCTION_WORDS
                or token in _LABEL_KINDS
            )
            and not _ends_phrase(token)
            and token not in ROLE_WORDS
            and token not in kept
        )
        later = tokens[number + 1] if number + 1 < len(tokens) else ""
        if (token in links and later not in _POSSESSIVES) or (
            glue and token not in _NEED_CUES and token not in _MAKE_CUES | _OWN_WORDS | _FOR
        ):
            continue  # glue words ("a", "our") join a phrase's words, never end it
        if token in ROLE_WORDS and runs[-1].words:
            runs[-1].role = token
        if token in _OWN_WORDS and runs[-1].words:
            runs[-1].cue = min(runs[-1].cue, MAKE_CUE_POINTS)
        ends = token in ROLE_WORDS | _NEED_CUES | _MAKE_CUES | _OWN_WORDS or _is_break(token)
        if not ends and not glue:
            if not runs[-1].words:
                runs[-1].cue = min(cue, PURPOSE_CUE_POINTS) if purpose else cue
                runs[-1].placed = _placed_role(tokens, number)
                purpose = False
            runs[-1].words.append(token)
            continue
        cue = _cue_after(tokens, number, cue)
        if token in _FOR and runs[-1].words and runs[-1].placed:
            cue = NEED_CUE_POINTS  # "a partner in the EU for panels": the role's "for"
        purpose = (
            token in _FOR
            and bool(runs[-1].words)
            and runs[-1].role is None
            and not runs[-1].placed
            and runs[-1].words[-1] not in _ASKING_NOUNS
            and tokens[number - 1] not in _ASKING_NOUNS  # "a fair price for tissue sheets"
            and _NUMBER.fullmatch(later) is None  # "a PCB fab for 10 boards": the item
        )
        if runs[-1].words and (ends or token in _FOR):
            runs[-1].closer = token
            runs.append(_Run())
    return _with_processes([run for run in runs if run.words])


_PLACE_LINKS = frozenset(_words("in near around from within en"))
_PLACE_REACH = 3  # "a partner in [the] EU": the link, an article, the place's first word


def _placed_for(tokens: Sequence[str], number: int) -> bool:
    """Returns whether the role at tokens[number] is asked for somewhere and for an item ("a
    partner in the EU for plywood panels"): a place link, then "for" within _PLACE_REACH."""
    after = tokens[number + 1 : number + 2 + _PLACE_REACH]
    return bool(after) and after[0] in _PLACE_LINKS and any(t in _FOR for t in after[1:])


def _placed_role(tokens: Sequence[str], number: int) -> bool:
    """Returns whether tokens[number] starts where a role is asked for ("a laser cutting
    partner in the EU for plywood panels"): a role, then a place link, shortly before it. The
    place is no product, so what follows its "for" is the item asked about, not its use."""
    before = tokens[max(0, number - _PLACE_REACH) : number]
    return any(a in ROLE_WORDS and b in _PLACE_LINKS for a, b in itertools.pairwise(before))


def _with_processes(runs: list[_Run]) -> list[_Run]:
    """Returns the runs with a way of making that stands right before a run as its process
    ("screen printing on t-shirts", "injection moulded for plastic clips")."""
    for before, run in itertools.pairwise(runs):
        if (
            before.closer in _PROCESS_LINKS
            and any(w in _MAKING for w in before.words)
            and all(w in _MAKING or w in _PROCESS_WORDS or w in _TOOLS for w in before.words)
        ):
            run.process = " ".join(before.words)
    return runs


# Words that join a way of making to the product it is done on.
_PROCESS_LINKS = frozenset({"on", "of", "for", "onto", "auf", "sur", "sobre", "para", "pour"})
_TOOLS = frozenset(
    {"3d", "laser", "cnc", "uv", "dtf", "dtg", "heat", "transfer", "pad", "digital"}
)


_FOR = frozenset({"for", "para", "pour", "fur"})
# What a founder asks for, before the item it is for ("recs for eco mailers", "ein Anbieter für
# Etiketten", "un prestataire pour des sacs"): the item after "for" is the one asked about.
_ASKING_NOUNS = frozenset(
    _words(
        "contact contacts rec recs recommendation recommendations option options idea ideas "
        "price prices pricing quote quotes estimate help source sources lead leads name names "
        "anbieter dienstleister betrieb firma kontakt angebot preise prestataire "
        "sous-traitant contacto presupuesto precio precios cotizacion empresa"
    )
)
_UNITS = frozenset(_words("g gr kg mg ml cl l oz lb lbs cm mm m gsm inch inches"))
# "for our soap bars": what follows names the founder's own product, not the item to source.
_POSSESSIVES = frozenset(
    _words(
        "our my notre nos mon ma mes nuestro nuestra nuestros nuestras mi mis unser unsere "
        "unseren unserer meine meinen"
    )
)
# "a tiny skincare brand", "our tea shop": the words before name the founder's own business.
_OWN_WORDS = frozenset(
    _words(
        "brand brands marque marca marke startup start-up shop store boutique studio line "
        "salon restaurant hotel gym club clinic agency cafe company empresa entreprise firma "
        # a product line ("a toddler snack pouch range", "notre gamme de savons")
        "range ranges gamme gammes sortiment "
        # the founder's business by what it makes ("crochet kit biz", "mi negocio")
        "biz negocio "
        # what the product is for ("for a padel court project"): the founder's, never sourced
        "project projects projet projets proyecto proyectos projekt projekte "
        # where the founder sells ("in 12 pet shops", "30 salons"): never what they source
        "shops stores boutiques salons cafes restaurants gyms clinics delis supermarkets "
        "stockists pharmacies tiendas boutiques magasins epiceries laden geschafte"
    )
)
# Where the founder sells, after what it sells ("our pet shop", "14 pet shops", "tea store"):
# unlike a brand or a label ("a swimwear label"), no product the founder makes
_SELLERS = frozenset(
    _words(
        "shop store boutique salon cafe restaurant shops stores boutiques salons cafes "
        "restaurants delis supermarkets pharmacies tiendas magasins laden geschafte"
    )
)
# A number, size or ordinal ("300", "1.5k", "10th", "3x3in", "30ml"); "3d" is a word
_NUMBER = re.compile(r"(?!3d$|2d$)\w*\d[\w.,]*")


# Glue only in Spanish ("soy de Cusco": I am), a product's word elsewhere ("soy candles")
_SPANISH_GLUE = frozenset({"soy"})


def phrases(text: str, language: str = "en") -> tuple[Phrase, ...]:
    """Returns every candidate product phrase of the text (up to MAX_SPAN_WORDS words), with
    its head noun, the cue before it and the role word after it, in message order."""
    found: dict[str, Phrase] = {}
    head_first = language in ("fr", "es")
    # French and Spanish link a noun's modifiers with these ("pots en verre", "cajas para envío")
    links = frozenset({"fr": {"en"}, "es": {"para"}}.get(language, set()))
    kept = frozenset() if language == "es" else _SPANISH_GLUE
    for number, run in enumerate(_runs(_tokens(text), links, kept)):
        words = run.words
        heads = [i for i, w in enumerate(words) if w not in _QUALIFIERS | _PROCESS_WORDS]
        run_head = (heads[0] if head_first else heads[-1]) if heads else -1
        for size in range(min(MAX_SPAN_WORDS, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                chosen = words[start : start + size]
                head = chosen[0] if head_first else chosen[-1]
                if head in _PROCESS_WORDS or len(" ".join(chosen)) < 3:
                    continue
                if head in _QUALIFIERS or all(w in _PROCESS_WORDS or w in _TOOLS for w in chosen):
                    continue  # "screen printed", "printed", "leather": how or of what, not what
                ends = start + size == len(words)
                role = run.role if ends else None
                span = " ".join(chosen)
                whole = (start if head_first else start + size - 1) == run_head
                process = run.process if start == 0 else None
                business = ends and run.closer in _SELLERS
                phrase = Phrase(
                    span, head, run.cue, role, len(found), whole, process, "", number, business
                )
                if span not in found or found[span].cue < phrase.cue:
                    found[span] = phrase  # said twice: the reading after a need verb counts
    return tuple(found.values())


def compound_heads(word: str, language: str = "de") -> tuple[str, ...]:
    """Returns the heads a compound word may have, longest first: the part after its last
    hyphen ("bio-lippenbalsam" -> "lippenbalsam"), then, in German, its endings of 5 letters or
    more for a long word ("nackenetiketten" -> "etiketten"): German puts the head last and
    writes compounds as one word, English does not ("locations" holds no "ations")."""
    parts: list[str] = []
    if "-" in word:
        word = word.rsplit("-", 1)[1]
        parts.append(word)
    if language == "de" and len(word) >= _COMPOUND_LETTERS:
        parts.extend(word[start:] for start in range(3, len(word) - 4))
    return tuple(parts)


_COMPOUND_LETTERS = 9


def by_compound_head(
    score: Callable[[str], float], language: str, known: float
) -> Callable[[str], float]:
    """Returns the scorer reading a German compound the taxonomy lacks by its own head when
    that head is a known term ("Merino-Skisocken" as "socken", "Velotaschen" as "taschen"):
    German writes a kind of product as one word, so the whole word is rarely listed. The
    head scores as itself only when it scores `known` (an exact term), else the span scores
    as it is."""

    if language != "de":
        return score

    def read(span: str) -> float:
        rating = score(span)
        words = span.split()
        if rating >= known or not words:
            return rating
        for head in compound_heads(words[-1], language):
            if head in _OWN_WORDS or head == "label":
                break  # "Zwei-Personen-Label", "Kaffee-Startup": the founder's business
            by_head = score(" ".join([*words[:-1], head]))
            if score(head) >= known:
                return max(rating, by_head)
        return rating

    return read


def role_phrases(text: str) -> tuple[str, ...]:
    """Returns the phrases that name a kind of supplier with its modifiers ("granola
    co-packer", "sourcing agent", "maquila de alimentos"): what the founder asks for."""
    # need verbs and possessives stay: a shop asked for ("need a metal shop") or one's own
    tokens = [
        t
        for t in _tokens(text)
        if len(t) > 5 or t in _NEED_CUES | _POSSESSIVES or _FILLER.fullmatch(t) is None
    ]
    found: dict[str, None] = {}
    for number, token in enumerate(tokens):
        shop = _asked_shop(tokens, number)
        if token not in ROLE_WORDS and not shop:
            continue
        before = [t for t in tokens[max(0, number - 2) : number] if _modifies_role(t)]
        # what follows a shop is what it is to make ("a metal shop to make planters")
        after = [] if shop else [t for t in tokens[number + 1 : number + 3] if _modifies_role(t)]
        for words in ([*before, token], [token, *after], [token], before, after):
            phrase = " ".join(w for w in words if w not in _CHAT_WORDS or w == token)
            if phrase:
                found.setdefault(phrase)
    return tuple(found)


def _asked_shop(tokens: Sequence[str], number: int) -> bool:
    """Returns whether tokens[number] is a shop the founder asks for ("looking for a sheet
    metal shop", "need a machine shop"): a need verb shortly before it and no possessive
    between ("our pet shop" is the founder's own)."""
    if tokens[number] not in _SHOPS:
        return False
    before = tokens[max(0, number - _SHOP_REACH) : number]
    needed = [i for i, t in enumerate(before) if t in _NEED_CUES]
    return bool(needed) and not any(t in _POSSESSIVES for t in before[needed[-1] :])


_SHOPS = frozenset(_words("shop shops werkstatt atelier taller"))
_SHOP_REACH = 5  # "need [a sheet metal] shop": the need verb, an article, up to 3 modifiers


def _modifies_role(token: str) -> bool:
    """Returns whether a token beside a role word may say its kind: no break, and no word
    many products share ("Supplier: $185/pack" asks for no packaging)."""
    return (
        not _is_break(token) and singular(token) not in GENERIC_WORDS and token not in _NEED_CUES
    )


# Ways of making that say which kind of supplier is asked for ("injection moulded").
_MAKING = frozenset(
    _words(
        "screen screen-printed injection moulded molded moulding molding cast casting forged "
        "stamped machined milled thermoformed laser-cut engraved engraving embroidered "
        "embroidery printing serigrafia serigraphie siebdruck bordado broderie stickerei "
        "grabado gravure gravur spritzguss bestuckt bestuckung bordada bordadas bordados "
        "brode brodee brodes brodees bestickt kitting "
        # done by a bottler, a metal shop, a laser cutter or a thermoformer ("gin miniatures
        # bottled", "laser cut + UV print", "vacuum formed inserts")
        "bottled canned fabricated formed cut "
        # a machine that names its shop ("CNC aluminium brackets", "CNC-gefräste Gehäuse")
        "cnc cnc-machined cnc-milled cnc-gefrast cnc'd "
        # made to order ("a print on demand for posters")
        "print-on-demand "
        # cut or engraved by laser in French and Spanish ("la découpe laser du cuir", "grabadas
        # con láser"), assembled ("PCB assembly", "l'assemblage des box")
        "decoupe decoupes decoupee decoupees gravee gravees grabada grabadas grabados "
        "lasergraviert gelasert assembly assemblage"
    )
)


# Ways of making too vague alone to say which supplier ("printing" labels or t-shirts?).
_VAGUE_MAKING = frozenset(_words("printing cast casting stamped forged formed cut fabricated"))
# Verbs that name a way of making only with their tool before them ("3D print", not "custom
# print").
_TOOL_VERBS = frozenset({"print"})
# A mould, quoted or asked about ("mould US$1,800 one-time", "moule ou impression 3D ?"),
# is the tool of moulded parts: the kind of supplier beside the product's own.
_MOULDS = frozenset(_words("mould moulds mold molds moule moules molde moldes"))
# Materials shaped in a mould by other ways than injection (laid up, cast, poured): with one
# of them the mould says nothing of the supplier's kind ("carbon fibre frames", "PU resin").
_CAST_MATERIALS = frozenset(
    _words(
        "carbon fibre fiber fiberglass fibreglass composite bamboo wood wooden resin pu "
        "concrete plaster ceramic ceramics porcelain clay glass steel iron aluminium aluminum "
        "bronze brass metal chocolate wax soap candle candles carbono madera resina ceramica "
        "vidrio bois resine verre ceramique holz harz keramik glas"
    )
)


def names_making(span: str) -> bool:
    """Returns whether a phrase names only a way of making ("laser cutting", "cnc machining",
    "screen printing"): before a role word it says which kind of supplier, never the item."""
    words = span.split()
    return words[-1].endswith("ing") and all(
        w in _MAKING or w in _PROCESS_WORDS or w in _TOOLS or w.endswith("ing") for w in words
    )


def process_phrases(text: str) -> tuple[str, ...]:
    """Returns the phrases that name a way of making ("screen printed", "injection moulded",
    "3D printing"): never the product, they still say which kind of supplier fits."""
    tokens = [t for t in _tokens(text) if not _is_break(t) or t == "3d"]
    found: dict[str, None] = {}
    for number, token in enumerate(tokens):
        if token in _MOULDS and not _CAST_MATERIALS.intersection(tokens):
            found.setdefault("injection moulding")  # a mould to pay for: moulded parts
        if token in _TOOL_VERBS and number > 0 and tokens[number - 1] in _TOOLS:
            found.setdefault(f"{tokens[number - 1]} print")  # "3D print 40 parts", "UV print"
        if token in _MAKING:
            for words in (
                tokens[max(0, number - 1) : number + 1],
                tokens[number : number + 2],
                [token] if token not in _VAGUE_MAKING else [],
            ):
                if words:
                    found.setdefault(" ".join(words))
    return tuple(found)


# --------------------------------------------------------------------------------------------
# What a German product is made of or holds ("Tischgestelle aus Stahl")
# --------------------------------------------------------------------------------------------

# What a product is made of, holds or comes with, said right after its name (a size may stand
# between): "soy candles in coconut shells", "Honiggläser 250 g mit Schraubdeckel", "custom tins
# (round, embossed logo)", "Gehäuse aus Aluminium". It is part of the item sourced.
_COMPLEMENT_LINKS = {
    "en": frozenset({"with", "in"}),
    "de": frozenset({"aus", "mit", "ohne", "in"}),
    # "avec", "con" say how it is done or delivered as often as what it comes with
    "fr": frozenset({"en"}),
    "es": frozenset({"en"}),
}
# Words joining two words of one complement ("vaso de vidrio", "Zipper und Ventil").
_COMPLEMENT_JOINS = frozenset(_words("de d' of and und et y +"))
# Words a product's complements add in all, links included, sizes and joins not: more is a
# clause, not a name ("mit Zipper und Ventil", "in coconut shells", "(round, embossed logo)").
_COMPLEMENT_WORDS = 3
_ASIDE = re.compile(r"\s*\(([^()]{1,40})\)")
_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w'-]*|\+)(?![\w'-])")
_SIZE_WORD = re.compile(r"\d+(?:[.,]\d+)?\s?(?:ml|cl|l|oz|g|kg|mm|cm)\b", re.IGNORECASE)
_SIZE_AFTER = re.compile(rf"\s+{_SIZE_WORD.pattern}", re.IGNORECASE)
_MONTH = re.compile(rf"(?:{MONTHS})")
# "in bulk", "en gros", "en vrac" say how it is bought, never what it is made of
_NOT_COMPLEMENT = (
    frozenset(FILLER_WORDS) | _CHAT_WORDS | _FUNCTION_WORDS | {"bulk", "gros", "vrac"}
)


def with_complements(text: str, shown: str, language: str, is_place: Callable[[str], bool]) -> str:
    """Returns the product as the founder wrote it with what the message says it is made of,
    holds or comes with right after it (_COMPLEMENT_WORDS words at most); else `shown`."""
    at = text.find(shown) if shown else -1
    if at < 0:
        return shown
    end, room = at + len(shown), _COMPLEMENT_WORDS
    while room > 0:
        found = _complement_end(text, end, language, is_place, room)
        if found is None:
            break
        end, room = found[0], room - found[1]
    return text[at:end]


def _complement_end(
    text: str, end: int, language: str, is_place: Callable[[str], bool], room: int
) -> tuple[int, int] | None:
    """Returns where the complement that starts at `end` (after a size, if one stands first)
    stops and how many words it holds, within `room` words; None when none starts there."""
    size = _SIZE_AFTER.match(text, end)
    start = size.end() if size else end
    aside = _ASIDE.match(text, start)
    if aside is not None:
        count = _aside_words(aside.group(1), language, is_place)
        return (aside.end(), count) if 0 < count <= room else None
    link = _NEXT_WORD.match(text, start)
    links = _COMPLEMENT_LINKS.get(language, frozenset())
    if link is None or room < 2 or fold_accents(link.group(1)).lower() not in links:
        return None
    found = _linked_end(text, link.end(), language, is_place, room - 1)
    return (found[0], found[1] + 1) if found else None


def _linked_end(
    text: str, at: int, language: str, is_place: Callable[[str], bool], room: int
) -> tuple[int, int] | None:
    """Returns where the words after a complement's link stop naming what it is made of or
    holds (a place, a month, glue or a number ends them) and how many they are; None when no
    such word follows or more than `room` do."""
    end, count, last = 0, 0, ""
    while count < room:
        match = _NEXT_WORD.match(text, at)
        if match is None:
            break
        word = match.group(1)
        if fold_accents(word).lower() in _COMPLEMENT_JOINS and count:
            at = match.end()
            continue
        if not _names_part(word, language, is_place) or _german_verb(text, match, language):
            break
        end, at, count, last = match.end(), match.end(), count + 1, word
    # German writes the thing as a capitalised noun ("mit Zipper", not "mit nem Hersteller")
    if not count or (language == "de" and not last[:1].isupper()):
        return None
    # a complement too long for the room is a clause: none of it is taken ("with custom ...")
    return None if count == room and _continues(text, at, language, is_place) else (end, count)


def _german_verb(text: str, match: re.Match[str], language: str) -> bool:
    """Returns whether a German word in lower case is no adjective before a noun ("aus Holz und
    [suche] jemanden", not "aus [recyceltem] Planenmaterial")."""
    if language != "de" or match.group(1)[:1].isupper():
        return False
    after = _NEXT_WORD.match(text, match.end())
    return after is None or not after.group(1)[:1].isupper()


def _continues(text: str, at: int, language: str, is_place: Callable[[str], bool]) -> bool:
    """Returns whether a part's word (after a join, maybe) follows at `at`."""
    match = _NEXT_WORD.match(text, at)
    if match is not None and fold_accents(match.group(1)).lower() in _COMPLEMENT_JOINS:
        match = _NEXT_WORD.match(text, match.end())
    return match is not None and _names_part(match.group(1), language, is_place)


def _names_part(word: str, language: str, is_place: Callable[[str], bool]) -> bool:
    """Returns whether a word after a complement's link may name what the product is made of or
    holds: no glue, possessive, place, month or currency, and outside German no capitalised name
    ("in Lyon"), only a short code in capitals ("pots en PET")."""
    folded = fold_accents(word).lower()
    if folded in _NOT_COMPLEMENT or _MONTH.fullmatch(folded) or _POSSESSIVE.match(folded):
        return False
    if word.upper() in _CURRENCY_CODES or is_place(word):
        return False
    if language != "de" and word[:1].isupper():
        return word.isupper() and len(word) <= _CODE_LETTERS
    return True


# Whose it is ("mit unserem Logo", "con nuestras iniciales", "diseños propios"): how it is
# branded, said of the founder, never what the item is made of.
_POSSESSIVE = re.compile(
    r"(?:unser|mein|dein|ihr|sein|eur|eigen|nuestr|vuestr|propi|notre|votre|leur|sus?$|nos$|vos$)"
)
_CURRENCY_CODES = frozenset({*CURRENCY_COUNTRIES, "USD", "EUR"})
_CODE_LETTERS = 4  # "PET", "PBT", "iSUP" are codes; a longer word in capitals is shouted


def _aside_words(aside: str, language: str, is_place: Callable[[str], bool]) -> int:
    """Returns how many words a bracketed aside after the product qualifies it with ("(round,
    embossed logo)", "(500ml clip top)"): words that may name a part (_names_part) besides
    sizes; 0 when another word stands in it."""
    words = re.findall(r"[^\s,]+", _SIZE_WORD.sub(" ", aside))
    named = all(
        word == "+"
        or (
            re.fullmatch(r"[^\W\d_][\w'-]*", word) is not None
            and _names_part(word, language, is_place)
        )
        for word in words
    )
    return len(words) if named else 0


# How the item is branded, said right before it ("private label coffee", "white-label
# gummies"): English founders name the item with it, so it stays in the product's name (after it,
# "en marque blanche", "als Eigenmarke" says how it is sold, as the dialog has always read it).
_LABEL_BEFORE = re.compile(r"\b(?:private|white)[\s-]+label\s+$", re.IGNORECASE)


def with_label_kind(text: str, shown: str) -> str:
    """Returns the product as the founder wrote it with the private or white label said right
    before it (_LABEL_BEFORE); else `shown`."""
    at = text.find(shown) if shown else -1
    before = _LABEL_BEFORE.search(text, 0, at) if at > 0 else None
    return shown if before is None else text[before.start() : at + len(shown)]
