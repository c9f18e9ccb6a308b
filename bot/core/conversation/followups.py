"""Reads a short reply against the question it answers, in English, German, French and Spanish.

A "no" means "no fixed budget" to the budget question and "nothing else" to the extras; the same
word read out of context is Norway. "No, Canada, not India" corrects: the negated alternative is
dropped before the message is parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.conversation.messages import Slot
from bot.core.types import Stage
from bot.core.understanding.normalise import fold_accents
from bot.core.understanding.parsing import parse_country


@dataclass(frozen=True, slots=True)
class FollowUp:
    """What a reply means for the question asked, and the text left to parse."""

    text: str  # the reply without a leading "no," and without "not India"
    declines: bool = False  # "no", "nein", "no tengo", "no fixed budget", "keine Ahnung"
    agrees: bool = False  # "yes", "ja", "oui", "sí", "vale"
    anywhere: bool = False  # to the place question: "anywhere", "egal", "partout"
    stage: Stage | None = None  # to the stage question: "noch keine Verkäufe", "ya vendemos"
    corrects: bool = False  # "no, Canada" / "not India": the reply replaces an earlier answer
    not_for_sale: bool = False  # to the stage question: "it's for an event", "pas pour revendre"
    replaced: int | None = None  # "600, nicht 400": the number the reply replaces (400)


def _phrases(*groups: str) -> str:
    """Returns an alternation of '|'-separated phrase groups, longest first."""
    words = {w.strip() for group in groups for w in group.split("|") if w.strip()}
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


# Heads of a decline; the words after them may only be the subject of the question.
_DECLINE_HEADS = _phrases(
    "no|none|nope|nah|nothing|not really|not yet|not sure|no idea|no clue|dunno|don't know|"
    "do not know|n/a|na|skip|pass|flexible|open|not fixed|not set|no limit|nothing else|"
    "that's all|that's it|no thanks",
    "nein|nee|kein|keine|keins|keinen|nichts|noch nicht|keine ahnung|weiss nicht|weiß nicht|"
    "weiss ich nicht|offen|flexibel|egal|nichts weiter|sonst nichts|das wars|das war's",
    "non|aucun|aucune|rien|pas de|pas encore|pas vraiment|je ne sais pas|je sais pas|sais pas|"
    "aucune idee|aucune idée|libre|rien d'autre|c'est tout|non merci",
    "no tengo|ninguno|ninguna|nada|nada mas|nada más|sin|todavia no|todavía no|no se|no sé|"
    "ni idea|abierto|eso es todo|no gracias",
)
# Words that may follow a decline head and still leave it a plain decline ("no fixed budget").
_SUBJECT_WORDS = frozenset(
    """
    a an the any really yet so far right now at moment specific particular set real fixed
    budget budgets limit limits money idea clue thanks thank you for else more extras about my
    our we i it that this please honestly tbh sorry whatever makes sense works fine ok
    festes festen feste fixes genaues wirklich bisher im danke mehr sonst
    fixe defini precis vraiment pour l'instant merci de d' un une autre
    presupuesto fijo definido todavia aun por ahora gracias mas otra cosa tengo hay una
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_DECLINE = re.compile(rf"^(?:{_DECLINE_HEADS})\b(?P<rest>.*)$")
# To the budget question, a reply that negates a budget and names no amount declines it,
# whatever words come with it ("no budget set really, whatever's sensible").
_NO_BUDGET = re.compile(
    r"\b(?:no|not|nah|without|kein\w*|ohne|pas|sans|sin|no\s+tengo|ningun\w*)\b"
    r"(?:\s+\S+){0,3}?\s+(?:budget|presupuesto|limit|limite|cap)\b"
    r"|\b(?:budget|presupuesto)\s+(?:\S+\s+){0,2}(?:not|nicht|pas)\s+(?:set|fixed|fix|fixe|"
    r"festgelegt|defini|definido)\b"
)
_AMOUNT = re.compile(r"\d|[$€£¥]")
_AGREE = re.compile(
    r"^(?:"
    + _phrases(
        "yes|y|yeah|yep|yup|ok|okay|sure|go|go ahead|search|search now|right|correct|"
        "that's right|sounds good|please do|do it",
        "ja|jawohl|genau|klar|passt|gerne|richtig|stimmt|los|mach|ja bitte",
        "oui|ouais|d'accord|bien sur|bien sûr|vas-y|allez|exact|exactement|c'est ca|c'est ça",
        "si|sí|claro|vale|dale|correcto|de acuerdo|exacto|perfecto|adelante",
    )
    + r")\b[\s!.,]*(?:please|bitte|merci|gracias|thanks|danke|s'il vous plait)?[\s!.]*$"
)
_ANYWHERE = re.compile(
    r"\b(?:"
    + _phrases(
        "anywhere|worldwide|global|globally|everywhere|any country|all over|doesn't matter|"
        "does not matter|no matter",
        "egal|uberall|überall|weltweit|ganz egal|international",
        "partout|n'importe ou|n'importe où|peu importe|monde entier|le monde entier",
        "cualquier lugar|cualquier parte|todo el mundo|da igual|en todas partes|cualquier pais",
    )
    + r")\b"
)

# Stage words a founder answers the stage question with; the negated forms come first so
# "noch keine Verkäufe" is the idea stage, not sales.
_STAGES: tuple[tuple[Stage, re.Pattern[str]], ...] = tuple(
    (stage, re.compile(rf"\b(?:{_phrases(words)})\b"))
    for stage, words in (
        (
            Stage.IDEA,
            "nothing sold|not sold|not selling yet|no sales|haven't sold|have not sold|"
            "not launched|haven't launched|pre-launch|prelaunch|"
            "noch nichts verkauft|nichts verkauft|noch keine kunden|"
            "rien vendu|encore rien vendu|jamais vendu|aucune vente|pas encore vendu|"
            "nada vendido|no hemos vendido|no he vendido|todavia no he vendido|sin vender|"
            "noch keine verkaufe|noch keine verkäufe|noch nicht verkauft|verkaufen noch nicht|"
            "noch nicht gestartet|vor dem start|vor dem launch|nur eine idee|idee|konzept|"
            "prototyp|in planung|"
            "pas encore de ventes|on ne vend pas encore|ne vend pas encore|pas encore lance|"
            "pas encore lancé|avant le lancement|juste une idee|juste une idée|une idee|"
            "une idée|projet|prototype|"
            "todavia no vendemos|todavía no vendemos|aun no vendemos|aún no vendemos|"
            "no vendemos todavia|sin ventas|antes del lanzamiento|no hemos lanzado|"
            "solo una idea|una idea|idea|concepto|prototipo|"
            # a launch word negated ("todavía no lanzamos", "noch nicht gelauncht"), or still
            # testing: before any sale, whatever launch word follows
            "todavia no lanzamos|aun no lanzamos|no lanzamos todavia|no hemos lanzado todavia|"
            "todavia no hemos lanzado|aun no hemos lanzado|todavia no empezamos|"
            "aun no empezamos|todavia no arrancamos|noch nicht gelauncht|noch nicht live|"
            "noch nicht angefangen|pas encore demarre|pas encore commence|testphase|"
            "phase de test|phase de tests|fase de pruebas|estamos probando|still testing|"
            "testing phase|not live yet|not yet live",
        ),
        (
            Stage.LAUNCH,
            "erste verkaufe|erste verkäufe|erste kunden|gerade gestartet|frisch gestartet|"
            "gerade gelauncht|"
            "premieres ventes|premières ventes|premiers clients|vient de lancer|juste lance|"
            "juste lancé|"
            "primeras ventas|primeros clientes|acabamos de lanzar|recien lanzado|recién lanzado|"
            # About to launch ("we launch next month"): the launch stage, as "launching soon".
            "starten nachsten monat|starten nächsten monat|launch nachsten monat|"
            "launch nächsten monat|starten bald|on lance|nous lancons|nous lançons|"
            "lancement le mois prochain|lancement bientot|lancement bientôt|lanzamos|"
            "vamos a lanzar|lanzamiento el mes que viene|lanzamiento pronto|"
            # started recently: first sales
            "fangen gerade an|gerade angefangen|letztes jahr angefangen|letztes jahr gestartet|"
            "on demarre|on vient de demarrer|on a demarre l'an dernier|"
            "on a commence l'an dernier|recien arrancamos|recien empezamos|acabamos de empezar|"
            "empezamos el ano pasado|arrancamos el ano pasado|just started|started last year",
        ),
        (
            Stage.GROWTH,
            # Already selling (regularly) is growth, as the corpus annotation reads it.
            "wir verkaufen schon|verkaufen schon|verkaufen bereits|wir verkaufen bereits|"
            "on vend deja|on vend déjà|nous vendons deja|nous vendons déjà|vend deja|vend déjà|"
            "ya vendemos|vendemos ya|"
            # Customers already: selling, as above.
            "haben schon kunden|haben bereits kunden|schon kunden|bereits kunden|"
            "on a deja des clients|on a déjà des clients|nous avons deja des clients|"
            "nous avons déjà des clients|deja des clients|déjà des clients|"
            "ya tenemos clientes|tenemos clientes|ya hay clientes|"
            "wir wachsen|wachsen|wachstum|verkauft sich gut|stammkunden|"
            "croissance|on grandit|en croissance|se vend bien|clients fideles|clients fidèles|"
            "crecimiento|creciendo|estamos creciendo|se vende bien|clientes recurrentes",
        ),
        (
            Stage.SCALE,
            "skalieren|etabliert|etabliertes|"
            "etabli|établi|grande echelle|grande échelle|passer a l'echelle|"
            "escalando|establecido|consolidado|a gran escala",
        ),
    )
)
# To the stage question: the goods are not sold on (an event, a team, a gift): no stage.
_NOT_FOR_SALE = re.compile(
    r"\b(?:not|pas|nicht|no)\s+(?!yet\b|encore\b|noch\b|todavia\b|aun\b)(?:\S+\s+){0,3}?"
    r"(?:for\s+sale|sale|to\s+sell|we\s+sell|for\s+resale|vente|venta|resell|resale|"
    r"(?:re)?vendre|(?:weiter)?verkaufen|(?:weiter)?verkauf|(?:re)?vender|reventa)\b"
)
# "Correction:", "Korrektur:", "corrección:", "update:" at the start: the reply corrects.
_LEADING_FIX = re.compile(
    r"^\s*(?:correction|correct|update|edit|korrektur|berichtigung|änderung|anderung|"
    r"rectification|rectificatif|correccion|corrección|rectificacion|rectificación)\s*[:!.-]+\s*",
    re.IGNORECASE,
)
# "Actually" in four languages at the start: the reply corrects an earlier answer.
_CORRECTION_HEAD = re.compile(
    r"^(?:(?:sorry|oops|pardon|perdon|entschuldigung|desole)\W+)?(?:actually|en fait|finalement|"
    r"plutot|eigentlich|doch lieber|korrigiere|en realidad|mejor dicho|rectifico|al final)\b"
)
# "no," / "nein," at the start of a longer reply: what follows corrects the last answer.
_LEADING_NO = re.compile(r"^\s*(?:no|nope|nein|non|nee)\s*[,;:!.-]+\s*(?=\S)", re.IGNORECASE)
# "not India", "nicht 300", "pas en France", "no a India": a negated alternative.
_NEGATED = re.compile(
    r"(?:,|;|\bbut\b|\baber\b|\bmais\b|\bpero\b)?\s*\b(?:not|nicht|pas|no)\s+"
    r"(?:in\s+|to\s+|nach\s+|en\s+|a\s+|the\s+)?(?P<what>[^\s,.;!?]+(?:\s+[^\s,.;!?]+)?)",
    re.IGNORECASE,
)
# "España no, Portugal", "Deutschland nicht, Österreich": the negation after what it negates.
_NEGATED_AFTER = re.compile(
    r"(?:^|(?<=[,;]))\s*(?P<what>[^\s,.;!?]+(?:\s+[^\s,.;!?]+)?)\s+(?:no|nicht|non)\b"
    r"(?=\s*(?:[,;.!]|$))",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^[\d.,'\s]+(?:k|pcs|units|stück|piezas|unités)?$", re.IGNORECASE)


def _folded(text: str) -> str:
    """Returns the text casefolded, accents stripped, spaces collapsed and ends trimmed."""
    return " ".join(fold_accents(text).replace("’", "'").split()).strip(" .!?,;")


def _declines(folded: str) -> bool:
    """Returns whether the reply is a plain decline ("no", "no fixed budget", "keine Ahnung")."""
    match = _DECLINE.match(folded)
    if match is None:
        return False
    rest = re.sub(r"[,.;!?]", " ", match.group("rest")).split()
    return all(word in _SUBJECT_WORDS for word in rest)


def _declines_budget(folded: str) -> bool:
    """Returns whether a reply to the budget question says there is none, with no amount."""
    return bool(_NO_BUDGET.search(folded)) and not _AMOUNT.search(folded)


def _drop_negated(text: str) -> tuple[str, bool, int | None]:
    """Returns the text without negated places or numbers ("not India"), whether any went, and
    the first negated whole number ("nicht 400")."""
    out, dropped, last, number = [], False, 0, None
    matches = sorted(
        [*_NEGATED.finditer(text), *_NEGATED_AFTER.finditer(text)], key=lambda m: m.start()
    )
    for match in matches:
        if match.start() < last:
            continue  # inside a negation already dropped
        what = match.group("what")
        first = what.split()[0]
        is_place = parse_country(what)[0] is not None or parse_country(first)[0] is not None
        if is_place or _NUMBER.match(first):
            out.append(text[last : match.start()])
            last, dropped = match.end(), True
            digits = re.sub(r"[.,'\s]", "", first)
            if number is None and digits.isdigit() and len(digits) <= 9:
                number = int(digits)
    if not dropped:
        return text, False, None  # as written: a pasted quote keeps its lines
    out.append(text[last:])
    return " ".join("".join(out).split()), dropped, number


def stage_in(text: str) -> Stage | None:
    """Returns the stage a reply in German, French or Spanish names, if any."""
    folded = _folded(text)
    for stage, pattern in _STAGES:
        if pattern.search(folded):
            return stage
    return None


def read_follow_up(asked: Slot | None, text: str) -> FollowUp:
    """Returns what a reply means given the question asked (None: nothing asked yet)."""
    folded = _folded(text)
    if asked is not None and asked not in (Slot.PRODUCT, Slot.CATEGORY) and _declines(folded):
        return FollowUp(text=text, declines=True)
    if asked is Slot.BUDGET and _declines_budget(folded):
        return FollowUp(text=text, declines=True)
    if asked is Slot.STAGE and _NOT_FOR_SALE.search(folded) and stage_in(text) is None:
        return FollowUp(text=text, not_for_sale=True)
    if asked in (Slot.CONFIRM, Slot.EXTRAS, Slot.DONE) and _AGREE.match(folded):
        return FollowUp(text=text, agrees=True)
    stripped = _LEADING_NO.sub("", _LEADING_FIX.sub("", text))
    rest, dropped, replaced = _drop_negated(stripped)
    corrects = dropped or stripped != text or bool(_CORRECTION_HEAD.match(folded))
    if asked is Slot.SHIPS_TO and _ANYWHERE.search(_folded(rest)):
        return FollowUp(text=rest, anywhere=True, corrects=corrects)
    stage = stage_in(rest) if asked is Slot.STAGE else None
    return FollowUp(text=rest or text, stage=stage, corrects=corrects, replaced=replaced)


__all__ = ["FollowUp", "read_follow_up", "stage_in"]
