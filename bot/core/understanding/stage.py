"""The founder's stage from what a message says: idea, launch, growth or scale (issue 10).

Patterns read the folded, lower-case text; the corpus rules (tests/fixtures/understanding/README)
say what each stage is. parsing calls `stage_of` on a message and reads short answers with
`STAGE_PATTERNS`.
"""

from __future__ import annotations

from bot.core.types import Stage
from bot.core.understanding import lazy_re as re
from bot.core.understanding.normalise import MONTHS as _MONTHS

_OUTLETS = (
    r"stores?|shops?|boutiques?|pharmacies|stockists?|retailers?|markets?|cafes?|locations?|"
    r"salons?|galleries|delis|supermarkets?|gas stations|petrol stations|regions|"
    r"laden|geschaften|tierladen|apotheken|boutiques|magasins?|depanneurs|epiceries|pharmacies|"
    r"tiendas?|farmacias|supermercados|restaurants?|restaurantes|coffee shops|bakeries|"
    r"(?:wholesale )?accounts|bares|cafés|branches|sucursales|filialen|succursales"
)
# "in 5 Wochen unser Café": a time, not a count of outlets.
_TIME_UNITS = (
    r"(?:days?|weeks?|months?|years?|tage\w*|wochen|monate\w*|jahre\w*|jours|semaines?|mois|"
    r"ans|dias|semanas?|meses|anos)\b"
)
# A founder's own running rate of sales: "we ship ~400 orders a month", "on en vend 100 par
# semaine", "doing about 900 candles a month", "every 6 weeks we sell 240 jars". Selling at a
# rate is selling regularly; a rate after "need", "want", "to" or "we'd" is a need, not sales;
# using up ("we use 300 mailers a month") is the need itself, and says nothing of sales.
_RATE_VERBS = (
    r"sell|sells|selling|ship|ships|shipping|move|moves|moving|bake|bakes|baking|make|makes|"
    r"making|doing|do|wrap|wraps|serve|serves|serving|produce|produces|pours|roast|roasts|"
    r"pour(?! (?:mon|ma|mes|notre|nos|votre|le|la|les|l'|un|une|des|du|ce|cette|ces|leur|"
    r"chaque|environ)\b)|"
    r"brew|brews|fill|fills|pack|packs|print|prints|fulfil+|get|gets|receive|receives|process|"
    r"sends?|verkaufe|verkaufen|verkauft|versenden|verschicken|produzieren|vend|vends|vendons|"
    r"vendent|ecoule|ecoulons|expedie|expedions|envoie|envoyons|produisons|fabriquons|vendo|"
    r"vende|vendemos|venden|enviamos|envio|producimos|hacemos"
)
_RATE_PERIOD = (
    r"(?:a|an|per|/|each|every|pro|par|al|por|im|au|le|la|cada|in the)\s*"
    r"(?:day|days|week|weeks|wk|month|months|mo|year|yr|tag|woche|monat|jahr|jour|semaine|mois|"
    r"an|dia|semana|mes|ano)\b|\b(?:weekly|monthly|daily|wochentlich|monatlich|mensuel\w*|"
    r"mensual\w*|semanal\w*)\b"
)
_NOT_SALES_GAP = (
    r"(?:(?!\b(?:need|want|require|brauch|necesit|besoin|faut|suche|cherch)\w*)[^\d.!?;]){0,30}?"
)
_RUNNING_RATE = re.compile(
    rf"(?<!\bto )(?<!\bwill )(?<!\bcould )(?<!\bwould )(?<!\bcan )(?<!'d )(?<!\bif i )"
    rf"(?<!\bif we )(?<!\bmaybe )\b(?:{_RATE_VERBS})\b"
    rf"{_NOT_SALES_GAP}(?:about|around|roughly|approx\w*|ca|circa|etwa|environ|unos|unas|"
    rf"like|over|nearly|almost)?\.?\s*~?\s*\d[\d.,]*\s?k?\b\s*(?:[^\W\d]+\s*){{0,3}}?"
    rf"(?:{_RATE_PERIOD})|"
    rf"\b(?:every|each|alle|tous les|cada)\s+\d*\s*(?:days?|weeks?|months?|wochen|monate|"
    rf"semaines|mois|semanas|meses)\s+(?:we|i)\s+(?:{_RATE_VERBS})\b"
)
# When a launch ahead falls: a season, a month or a count of days, weeks or months (folded).
_AHEAD = (
    rf"spring|summer|autumn|fall|winter|{_MONTHS}|\d+ (?:days|weeks|months)|fruhjahr|fruhling|"
    r"sommer|herbst"
)
# A small count said in words, which the digit reader leaves in German, French and Spanish
# ("seit drei Jahren", "depuis trois ans", "hace tres meses").
_FEW = (
    r"(?:\d+|a few|few|zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|ein paar|einigen|wenigen|"
    r"deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quelques|dos|tres|cuatro|cinco|seis|siete|"
    r"ocho|nueve|diez|unos|unas|pocos)"
)
# Nothing sold yet, said as a plan: a launch or an opening ahead, a product being developed, a
# first year's sales guessed ("I'd sell maybe 300 in year one"), "ganz am Anfang".
_IDEA_MORE = (
    r"(?:for|pour|para|fur) (?:my|our|the|ma|mon|notre|mi|nuestra|unseren?) (?:brand |product )?"
    r"launch|rien de vendu|phase de prototyp\w*|prototype (?:works|is working)|"
    r"(?:wir )?eroffnen (?:im|in|am|bald|nachst\w*)|nous ouvrons|on ouvre (?:en|bientot)|"
    r"abrimos (?:en|el|pronto)|vamos a abrir|voy a abrir|(?:i'?m|we'?re|i am|we are) opening "
    r"(?:a|an|my|our)|(?:ganz )?am anfang|"
    # only the verb goes: "want to" still cues the product ("want to launch a vegan gummy")
    r"(?<=want to )(?:start|launch)|(?<=wants to )(?:start|launch)|(?<=planning to )launch|"
    r"(?<=plan to )launch|"
    r"first time (?:doing|ordering|manufacturing|producing)|developing (?:a|an|our|my)|"
    # a product still being designed: "designing a Bluetooth speaker", "wir entwerfen eine
    # Lampe", "nous concevons une enceinte", "estamos diseñando una mochila"
    r"designing (?:a|an|our|my)|entwerfen (?:ein|eine|einen|unser\w*)|"
    r"(?:nous )?concevons (?:un|une|notre)|disenando (?:un|una|nuestro|nuestra)|"
    r"(?:i'?d|we'?d|would|could|might|will|expect to) sell [^.;!?]{0,30}?in (?:year (?:one|1)|"
    r"the first year)|"
    # still testing before selling: "noch in der Testphase", "en phase de test", "still in
    # testing", "en fase de pruebas", "about to go live"
    r"(?:noch )?in der testphase|testphase|(?:en )?phase de tests?|(?:en )?fase de pruebas?|"
    r"(?:still )?in (?:the )?testing(?: phase| stage)?|testing phase|test phase|"
    r"about to go live|before (?:we )?go(?:ing)? live|"
    # a launch or an opening ahead, in the present that means the future: "we launch in March",
    # "our shop opens in May", "wir starten im Frühjahr", "on lance notre marque en mars"
    rf"(?:we|i) (?:launch|open) (?:next|this|in (?:{_AHEAD}))|(?:shop|store|cafe|bakery) "
    rf"opens (?:next|this|in (?:{_AHEAD}))|wir starten (?:nachst\w*|erst|bald|im (?:{_AHEAD}))|"
    rf"(?:on|nous) lan(?:ce|cons) (?:\w+ ){{0,3}}?(?:bientot|prochainement|le mois prochain|"
    rf"l'an prochain|au printemps|a la rentree|cet (?:ete|automne|hiver)|en (?:{_AHEAD}))|"
    # not out yet, in four languages: "not live yet", "haven't started selling", "still in the
    # planning stage", "noch nicht online", "eine Marke gründen", "en phase de conception",
    # "aún no hemos lanzado", "todavía no tenemos clientes"
    r"not (?:yet )?live|(?:haven'?t|have not|not) (?:yet )?start(?:ed)? selling|"
    r"yet to (?:launch|sell|start selling)|planning (?:stage|phase)|planungsphase|"
    r"noch nicht (?:online|auf dem markt|im handel|erhaltlich|angefangen)|"
    r"(?:planen|plane) (?:den|unseren|meinen) (?:launch|start|marktstart)|"
    r"(?:marke|firma|label|shop|unternehmen|start-?up) (?:zu )?grunden|grunde gerade|"
    r"phase de (?:conception|projet)|prepar\w* (?:le|notre|mon) lancement|"
    r"pas encore (?:en vente|sur le marche|ouvert|demarre)|"
    r"(?:todavia|aun) no (?:hemos|he) (?:vendido|lanzado|empezado|abierto)|no hemos vendido|"
    r"no (?:hemos|he) (?:lanzado|empezado a vender|abierto) (?:todavia|aun)|"
    r"(?:todavia|aun) no (?:tenemos|tengo) clientes|(?:todavia|aun) no vendo|"
    r"no vendo (?:todavia|aun)|"
    r"preparando el lanzamiento|(?:fase|etapa) de (?:planificacion|prototipo|diseno)|"
    # a crowd-funding ahead, no orders yet, not on sale yet: "planning a Kickstarter", "noch
    # keine Bestellungen", "pas encore en magasin", "aún no está a la venta"
    r"(?:planning|preparing|prepping) (?:a|an|our|my) (?:kickstarter|indiegogo|crowdfunding)|"
    r"(?:kickstarter|indiegogo|crowdfunding) (?:campaign )?(?:launches|goes live|starts)|"
    r"no orders yet|not (?:yet )?(?:on the market|in stores|in shops)|"
    r"(?:on the market|in stores|in shops|on sale) yet|"
    r"noch keine (?:bestellungen|auftrage)|noch nicht (?:im verkauf|in den laden)|"
    r"pas encore (?:de commandes?|en magasin|en boutique|disponible)|"
    r"(?:todavia|aun) no (?:esta|estan|sale|salen) a la venta|"
    r"(?:todavia|aun) no (?:tenemos|tengo) pedidos"
)
# A prototype made but nothing on sale, in four languages: "prototype done", "we have a working
# prototype", "Prototyp steht", "on a un prototype", "tenemos un prototipo", "prototipo listo".
# Never the bare word: "5 prototypes of a bottle opener" is a need, and says no stage.
_PROTOTYPE = r"protot[iy]p(?:e|en|o)?s?"
_PROTOTYPE_MADE = (
    rf"{_PROTOTYPE} (?:is |are |ist |sind |est |sont |esta |estan |ya )?(?:done|ready|finished|"
    r"built|ok|approved|validated|tested|working|works|fertig|steht|stehen|bereit|funktioniert|"
    r"fonctionnels?|prets?|termines?|valides?|faits?|listos?|terminados?|aprobados?|"
    r"funciona\w*|hechos?)|"
    r"(?:have|got|built|made|tenemos|tengo|hicimos|haben|habe|avons|ai|on a) (?:a |an |un |une |"
    r"una |einen |ein |le |el |den |our |nuestro |unseren |notre |mon |mi |meinen )?(?:(?:working|"
    r"first|functional|fonctionnel|funcional|funktionierenden|ersten|premier|primer) )?"
    rf"{_PROTOTYPE}\b|{_PROTOTYPE} (?:fonctionnel|funcional|funktionsfahig)|"
    r"prototypen? haben wir"
)
# First sales, said as how they came: sold "around 120 so far", a crowd-funding, pilot sales, a
# first season, "~600 sold".
_LAUNCH_MORE = (
    r"sold (?:around|about|roughly|over|like|~) ?[\d.,k]+ (?:\w+ ){0,6}?so far|relaunched|"
    r"funded on kickstarter|kickstarter (?:campaign )?funded|\d[\d.,]* backers|"
    r"pilot sales|sold \d[\d.,]* (?:\w+ ){0,3}in \d+ (?:months|weeks)|in der ersten saison|"
    r"(?:our |my |the )?first season|premiere saison|primera temporada|"
    r"(?<![\d.,])~?\d[\d.,]{0,4} sold\b|"
    # first sales counted, a first batch sold out, a launch just behind, a relaunch, pre-orders
    # taken, a first stockist, in four languages: "bisher 150 Stück verkauft", "hemos vendido
    # 150", "die erste Charge war ausverkauft", "el primer lote se agotó", "notre première
    # production est épuisée", "vor drei Monaten gestartet", "lanzamos hace tres meses"
    r"(?:bisher|bis jetzt|schon|bereits) (?:uber |rund |ca\.? |etwa )?\d[\d.,]* (?:\w+ ){0,2}?"
    r"verkauft|(?:hemos|he) vendido (?:unas |unos |mas de |casi )?\d+|llevamos (?:unas |unos |"
    r"mas de )?\d[\d.,]* (?:\w+ )?vendid\w*|(?:nous avons|j'ai) vendu|"
    r"erste\w* (?:\w+ ){0,2}?(?:war |ist |waren |sind )?(?:sofort |gleich |schnell )?ausverkauft|"
    r"premier\w* (?:\w+ ){0,2}?(?:est (?:deja )?|a ete |s'est |etait )?(?:epuise|ecoule)e?s?|"
    r"premier\w* (?:\w+ ){0,2}?(?:s'est|a ete|est deja) vendue?s?|"
    r"primer\w* (?:\w+ ){0,2}?se agot\w*|agotamos (?:el|nuestro|la|nuestra) primer\w*|"
    rf"(?:vor|seit) {_FEW} (?:wochen|monaten) (?:gestartet|gelauncht|auf dem markt|online|"
    r"eroffnet)|"
    r"(?:letzten|vergangenen) (?:monat|herbst|fruhling|sommer|winter|jahr) (?:gestartet|"
    r"gelauncht|eroffnet)|seit kurzem (?:auf dem markt|am markt|online|im handel|im verkauf)|"
    r"lanzamos (?:hace|el (?:mes|ano) pasado|en)|(?:empezamos|abrimos|arrancamos) hace|"
    r"acabamos de (?:empezar|abrir|arrancar)|recien lanzad\w*|"
    r"relaunch\w*|neustart|relanzamiento|relanzamos|relance (?:de )?(?:la|notre|ma) marque|"
    r"(?:took|got|have|received|collected|had) (?:over |about |around )?[\d.,k]+ pre-?orders|"
    r"[\d.,k]+ pre-?orders (?:so far|already)|"
    r"(?:got|landed|won) (?:our|my) first (?:\w+ )?(?:order|stockist|retailer|customer|client|"
    r"account)s?|first (?:wholesale|retail) (?:order|account|stockist)"
)
# Selling regularly, said as what it gives: sales counted, outlets that carry the founder,
# exports, a family's generations, a marketplace for years, revenue per year, regulars.
_GROWTH_MORE = (
    r"\d[\d.,]*k? sales\b|(?:shops?|stores?|stockists?|retailers?) (?:carry|stock) (?:us|our|my)|"
    r"we supply|exporters?|exportateurs?|exportador(?:es|a)?|(?:we|nous|wir) "
    r"(?:export|exportons|exportieren)|exportamos|(?:2nd|3rd|[4-9]th|second|third|fourth) "
    r"generation|\d+ (?:years?|yrs?) on|(?<!to )(?<!start )(?<!starting )(?<!begin )"
    r"selling (?:on|to|at|through|via)|\d[\d.,k]* stammkunden|(?:dropped|released) \d+ "
    r"(?:collections|drops)|(?<!to )(?<!'d )(?<!if )\bi sell|\b(?:arr|mrr)\b|annual revenue|"
    r"lauft (?:gut|super)|(?:we'?re|we are|i'?m) at (?:like |about |around )?~?[\d.,]+k? "
    r"(?:\w+ )?(?:a|per|every) weekend|"
    # stocked or carried by others, customers reordering, wholesale gone into, customers
    # supplied ("nous livrons 30 restaurants", "surtimos a 30 cafeterías"), revenue stated
    r"(?:stocked|carried|sold) (?:by|in|at) (?:\d+|over|more than)|carried (?:by|in|at)|"
    r"(?:stores?|shops?|stockists?|retailers?|customers|clients|accounts|cafes) (?:\w+ )?"
    r"(?:keep )?reorder\w*|repeat (?:orders|buyers)|going wholesale|"
    r"(?:moving|expanding|branching) (?:out )?into wholesale|"
    r"(?:nous livrons|on livre|nous fournissons|on fournit|surtimos|abastecemos|suministramos|"
    r"proveemos|distribuimos)(?: a)? (?:\d+|plus de|mas de|unos|unas)|"
    r"(?:revenue|turnover|umsatz|chiffre d'affaires|facturacion|facturamos)"
    r"(?:(?!\b(?:target|goal|projected|expected|share|ziel|objectif|objetivo)\b)[^.!?\d]){0,20}\d[\d.,]*k?|"
    r"\d[\d.,]*k? (?:in |a |per )?(?:revenue|turnover)|"
    r"keeps? selling out|sells? out every|sold out again|immer ausverkauft|toujours en rupture"
)
# Stages as the corpus rules read them: idea = nothing sold yet; launch = first sales; growth =
# selling regularly ("we already sell", "in 12 stores"); scale = scaling up. First match wins.
STAGE_PATTERNS: tuple[tuple[Stage, re.Pattern[str]], ...] = (
    (
        Stage.IDEA,
        re.compile(
            rf"\b(?:{_IDEA_MORE}|just an idea|an idea|idea stage|idea|concept|prototyping|"
            r"prototype stage|"
            r"launching|"
            r"about to launch|pre[- ]?revenue|no sales(?: yet)?|nothing sold|zero sales|"
            r"no product yet|not launched|haven'?t launched|not selling yet|not yet selling|"
            r"pre[- ]?launch|before (?:\w+ )?launch|before we launch|mvp|"
            r"noch keine verkaufe|noch nicht (?:gestartet|verkauft|am markt|gelauncht|live)|"
            r"keine verkaufe|"
            r"noch ohne umsatz|ohne umsatz|kein umsatz|idee|vor dem (?:launch|start)|"
            r"pas encore (?:lance|de ventes?|vendu)|sans ventes?|aucune vente|pas de ventes?|"
            r"rien vendu|avant le lancement|todavia no vendemos|aun no vendemos|sin ventas|"
            r"no tenemos ventas|todavia no (?:hemos )?lanzado|(?:todavia|aun) no lanzamos|"
            r"antes del lanzamiento|"
            r"no vendemos todavia|no vendemos aun|noch in (?:der )?entwicklung|in development|"
            r"noch nichts verkauft|nichts verkauft|rien vendu|nada vendido|"
            r"en (?:cours de )?developpement|en desarrollo|"
            # more ways to say nothing is sold yet
            r"no revenue(?: yet)?|0 sales|no sales|never sold|not sold (?:any|a)|pre[- ]?seed|"
            r"no customers(?: yet)?|(?:just )?starting (?:a|my|our) (?:\w+ )?(?:brand|business|"
            r"company|shop|label)|first (?:issue|drop|collection|product)|"
            r"ideenphase|noch kein(?:e|en)? (?:verkauf|umsatz|kunden)\w*|prototypen? haben wir|"
            r"jamais vendu|pre-?lancement|pas encore de clients|pas encore commence|"
            r"(?:je |on |nous )?(?:veux|veut|voulons|vais|va) lancer|je lance|sort en|j'ouvre|"
            r"ouvre (?:ma|notre) (?:boutique|marque)|aun no he vendido|"
            r"todavia no (?:tengo|tenemos) ventas|no he vendido|quiero (?:lanzar|empezar)|"
            r"queremos lanzar|"
            # a launch under way, said in the present: "nous lançons une box", "on lance notre
            # marque", "wir starten gerade mit unserem Label", "estamos lanzando una marca"
            r"(?:nous lancons|on lance) (?:un|une|notre|nos|ma|mon|des)|"
            r"(?:wir starten|ich starte) (?:gerade |jetzt |demnachst )?(?:mit )?(?:ein|eine|einem|"
            r"einer|unser\w*|mein\w*)|(?:estamos|estoy) (?:lanzando|montando|armando)|"
            r"(?:vamos|voy) a (?:lanzar|sacar)|"
            # "haven't sold anything yet", "0 revenue", "no supplement sales yet", "a total
            # beginner", "setting up a coffee van, opening in spring", "todavía no vendí nada"
            r"haven'?t sold|have not sold|(?:zero|0) (?:revenue|sales)|no (?:\w+ ){1,2}sales yet|"
            r"(?:total |complete |absolute )?beginner|setting up (?:a|my|our)|"
            r"opening (?:in|next|this|soon)|no vend[ií] nada|todavia no vendi|"
            r"aun no vendi|n'ai (?:encore )?rien vendu|noch nie verkauft|"
            # a prototype made, a launch ahead, a book not out yet
            rf"{_PROTOTYPE_MADE}|(?:retail |official |our |the )?launch (?:is )?(?:next|this|"
            r"in \d+)|"
            r"pas encore (?:publie|sorti|commercialise)\w*|not (?:yet )?(?:published|released|"
            r"on sale))\b"
        ),
    ),
    (
        Stage.SCALE,
        re.compile(
            r"\b(?:scaling|scale up|scaling up|ramping up|ramp up|scaled|well established|"
            r"skalieren|(?<!small )(?<!small-)(?<!large )(?<!to )scale(?! model)|"
            r"to scale (?:up|production|our|to)|wir skalieren|skalierung|escalando|escalar|"
            # scaling said as the wish, an expansion or production raised, in four languages
            r"(?:ready|need|want|looking|time|trying|planning|plan|aiming|help us) to scale|"
            r"expanding (?:to|into|in|across)|expansion (?:into|to|in)|expandieren|"
            r"(?:increase|double|triple|boost)\w* (?:our )?production|"
            r"(?:production|produktion) (?:hochfahren|erhohen|steigern|ausbauen|verdoppeln)|"
            r"(?:hochfahren|steigern|verdoppeln) (?:die|unsere) produktion|"
            r"(?:augmenter|doubler|accroitre) (?:la |notre |nos )?(?:production|volumes?)|"
            r"pass\w* a l'echelle|chang\w* d'echelle|montee en (?:charge|puissance)|"
            r"(?:aumentar|duplicar|ampliar) (?:la |nuestra )?produccion|expandiendo|expandirnos|"
            r"ampliando (?:a|la|nuestra))\b"
        ),
    ),
    (
        Stage.LAUNCH,
        re.compile(
            rf"\b(?:{_LAUNCH_MORE}|first sales|first customers|just launched|launched|"
            r"recently launched|"
            r"started selling|early sales|selling a bit|just started|(?:we'?ve |have |we )?sold "
            r"[~\d.,k ]+ ?(?:\w+ ){0,6}?(?:so far|preorders?|pre-orders?)|"
            r"first batch sold|"
            r"erste verkaufe|gerade gestartet|vient de lancer|premieres ventes|primeras ventas|"
            r"acabamos de lanzar|empezamos a vender|commence a vendre|depuis \d+ mois|"
            r"hace \d+ meses|seit \d+ monaten|for \d months|gelauncht|lancee? il y a|"
            r"sold out (?:our |the |my )?(?:first|last|\d+)|since (?:last year|spring|summer|"
            r"autumn|fall|winter)|started (?:in|last) |recien empezamos|vendimos \d+|"
            r"(?:nos|our) \d+ (?:premiers|premieres|first)|on a vendu|lancee? en \w+|"
            r"(?:pilot|first|test) (?:run|batch|drop) sold out|(?:2nd|second|3rd|third) season|"
            r"il y a \d+ mois|lance\w* l'an (?:dernier|passe)|\d[\d ]*(?:\w+ )?vendu(?:e)?s|"
            # a start just made: "wir fangen gerade (erst) an", "on démarre tout juste",
            # "hace poco que empezamos"
            r"fangen gerade (?:erst )?an|gerade angefangen|on demarre tout juste|"
            r"(?:venons|viens|vient) (?:juste |tout juste )?de (?:lancer|demarrer|commencer|"
            r"ouvrir|sortir)|(?:acabamos|acabo) de (?:sacar|lanzar|abrir|empezar)|"
            r"(?:haben|habe|sind|bin) (?:gerade|vor kurzem|kurzlich|erst) (?:gestartet|"
            r"gelauncht|eroffnet|angefangen|online gegangen)|(?:vor kurzem|kurzlich) "
            r"(?:gestartet|gelauncht|eroffnet)|recently (?:started|opened)|just opened|"
            r"newly launched|"
            r"on vient de demarrer|hace poco que (?:empezamos|arrancamos|abrimos)|"
            r"(?:empezamos|arrancamos|abrimos) hace poco)\b"
        ),
    ),
    (
        Stage.GROWTH,
        re.compile(
            rf"\b(?:{_GROWTH_MORE}|already sell(?:ing)?|already ship\w*|already stocked|"
            rf"already in|we sell|"
            rf"(?<!to )sell at|sells|selling since|selling for|been selling|"
            rf"selling \d+ ?(?:yrs?|years)|"
            rf"sold (?:in|at)|stocked in|(?:in|at|across|en|dans|auf) \d+ "
            rf"(?:(?!{_TIME_UNITS})\w+ ){{0,3}}?(?:{_OUTLETS}|points de vente|puntos de venta|"
            rf"verkaufsstellen)|"
            rf"growing|growth|selling well|repeat customers|wir verkaufen|verkaufen (?:schon|"
            rf"bereits|seit|in)|wir wachsen|wachstum|on vend|nous vendons|je vends|"
            rf"en croissance|en pleine croissance|ya vend\w*|vendemos|creciendo|crecimiento|"
            rf"established|mature|sold (?:over |about |around |nearly |almost |more than )?"
            rf"[~\d.,k]+ (?:\w+ ){{0,7}}?(?:last|this|a|per) year|"
            rf"(?:run|have|own|operate|avons|haben|tenemos|betreiben) "
            rf"(?:[2-9]|\d{{2,}}) (?:\w+ ){{0,2}}?(?:{_OUTLETS})|"
            rf"(?:open|trading|in business)(?: for)? \d+ (?:years?|yrs?)|"
            rf"\d+ (?:years?|yrs?) (?:trading|in business|old)|seit (?:19|20)\d\d am markt|"
            # years of selling, outlets of one's own, customers
            rf"\d+ (?:years?|yrs?) (?:in|selling|exporting|trading|running|of sales)|"
            rf"(?:been|open|selling|shipping|trading|running|exporting|operating)(?: \w+){{0,2}} "
            rf"for (?:\d{{2,}} months|\d+ (?:years?|yrs?))|"
            rf"(?:since|seit|desde|depuis) (?:19|20)\d\d|desde hace (?:\d+|un|una) (?:anos?|ano)|"
            rf"depuis {_FEW} ans|seit {_FEW} jahren|(?:desde hace|llevamos) {_FEW} anos|"
            rf"(?:our|my|nos|mes|nuestr[oa]s|mis|unsere[n]?|meine[n]?) "
            rf"(?:[2-9]|\d{{2,}}) (?:\w+ )?(?:{_OUTLETS})|(?:[2-9]|\d{{2,}})[- ](?:store|shop|"
            rf"location|cafe|outlet|boutique)s? (?:\w+ )?(?:chain|business|bakery|brand|group)|"
            rf"(?:[2-9]|\d{{2,}}) (?:locations|stores|cafes|boutiques|outlets)\b|"
            rf"(?:got|have|'ve got) [\d.,k]+ (?:paying )?(?:subscribers|customers|clients)|"
            rf"currently pay\w*|what we pay now|on paie|we pay now|bisher zahlen wir|"
            rf"zahlen wir (?:aktuell|derzeit|momentan|bisher)|pagamos (?:ahora|actualmente)|"
            # founded years ago, exporting, customers, seasons of sales
            rf"(?:est\.?|estd\.?|established|founded|gegrundet|fondee?|fundad[ao])"
            rf"(?: in| en| im)? (?:19|20)\d\d|\d+\+ ?(?:years?|yrs?|jahre\w*|ans|anos)|"
            rf"llevamos \d+ (?:anos|años)|export\w* to \d+ countries|"
            rf"\d[\d.,k]* (?:paying )?(?:customers|clients|kunden|clientes)|"
            rf"\d+ seasons? of sales|"
            rf"our current (?:\w+ ){{0,2}}(?:are|is|cost\w*)|"
            # a running rate said as where the founder is at, years of a shop, subscribers
            rf"(?:we're|we are|i'm|currently) at ~?[\d.,]+k?\s*(?:[^\W\d]+\s*){{0,2}}?"
            rf"(?:{_RATE_PERIOD})|"
            rf"vend\w*(?: \w+){{0,4}} (?:desde )?hace (?:\d+|un|una) anos?|"
            rf"(?:shop|store|business|brand|company|studio|bakery|roastery) \d+\+? ?"
            rf"(?:yrs?|years)|"
            rf"\d[\d.,k]* (?:paying )?subscribers)\b"
        ),
    ),
)
# Weaker signs of first sales, read only where no stage above is named: a batch after the first
# ("our 2nd batch", "zweite Charge", "deuxième production", "segundo lote"), a reprint, and
# pre-orders taken ("taking pre-orders", "Vorbestellungen laufen", "en précommande", "preventa").
_ORDINAL = (
    r"2nd|3rd|second|third|zweite\w*|dritte\w*|deuxieme|seconde?|troisieme|segund[oa]|tercer[oa]?"
)
_LATER_LAUNCH = re.compile(
    rf"\b(?:(?:{_ORDINAL}) (?:(?:production|print|small) )?(?:batch|run|drop|edition|charge|"
    r"produktion|auflage|lot|production|tirage|serie|lote|tanda|produccion|tirada|edicion)|"
    r"reprint|nachdruck|reimpression|reimpresion|"
    r"(?:taking|took|taken|opened|got|have|had|collected|collecting) (?:\w+ )?pre-?orders|"
    r"pre-?orders? (?:are |is )?(?:open|live|running|sold out)|"
    r"vorbestellungen (?:laufen|gesammelt|angenommen)|(?:nehmen|sammeln) vorbestellungen|"
    r"precommandes? (?:ouvertes?|en cours)|(?:ouvert|lance) (?:les|la|nos) precommandes?|"
    r"en precommande|en preventa|preventa (?:abierta|activa)|abrimos (?:la )?preventa)\b"
)
# A count sold large enough to say regular sales ("sold 12,000 units so far", "bisher 8.000 Stück
# verkauft", "hemos vendido 5.000"): growth, where a smaller count is a launch's first sales.
_SOLD_COUNT = re.compile(
    r"\b(?:sold|verkauft|vendu|vendid[oa]s?|vendimos|vendido) (?:over |about |around |more than |"
    r"nearly |almost |uber |rund |etwa |plus de |environ |mas de |unos |unas |casi )?~?"
    r"(?P<after>\d[\d.,\s]*k?)|(?P<before>\d[\d.,\s]*k?) (?:\w+ ){0,2}?(?:sold|verkauft|"
    r"vendu(?:e)?s|vendid[oa]s)\b"
)
MANY_SOLD = 3000
# A clause of its own that gives only years: "(Tampere), 5 yrs.", "(4 yrs, Czech shops)".
_BARE_YEARS = re.compile(r"(?:^|[(,;:]|\.\s)\s*\d+(?:[.,]5)?\s*(?:yrs?|years?)\s*(?=[),.;:]|$)")


# Not the founder's stage: a product named with a stage word ("hair growth oil", "kitchen
# scale", "concept store") and a clause about the supplier ("our supplier has been in business
# for 30 years").
_NOT_STAGE = re.compile(
    r"\b(?:hair|beard|lash|eyelash|brow|nail|plant|root|muscle) growth\b|"
    r"\bgrowth (?:oil|serum|chart|spray|shampoo|tonic|drops|hormone|lights?|kit|media|formula|"
    r"supplements?|gummies|tracker|ruler)s?\b|"
    r"\b(?:kitchen|bathroom|luggage|digital|weighing|body|baby|food|postal|jewelry|jewellery|"
    r"pocket|coffee|hanging|bench|floor|platform|smart|bathroom) scales?\b|"
    r"\bconcept (?:stores?|cars?|art|boutiques?|shops?)\b|\bbig idea\b|"
    r"\b(?:the|our|my|this|that|a|their) (?:current )?(?:supplier|factory|manufacturer|vendor|"
    r"printer|co-?packer|maker|lieferant|hersteller|fournisseur|fabricant|usine|proveedor|"
    r"fabrica)s?\b(?:(?!\b(?:and|but|und|aber|et|mais|y|pero)\b)[^.,;:!?])*"
)


def stage_of(work: str) -> Stage | None:
    """Returns the stage the text names, or None; a running rate of sales means growth."""
    work = _NOT_STAGE.sub(" ", work)
    for candidate, pattern in STAGE_PATTERNS:
        if pattern.search(work):
            return Stage.GROWTH if candidate is Stage.LAUNCH and _many_sold(work) else candidate
    if _RUNNING_RATE.search(work) or _BARE_YEARS.search(work) or _many_sold(work):
        return Stage.GROWTH
    return Stage.LAUNCH if _LATER_LAUNCH.search(work) else None


def _many_sold(work: str) -> bool:
    """Returns whether the text counts MANY_SOLD or more sold ("12k sold", "12.000 verkauft")."""
    for match in _SOLD_COUNT.finditer(work):
        figure = (match.group("after") or match.group("before")).strip()
        thousands = figure.endswith("k")
        digits = re.sub(r"[.,\s]\d{3}(?!\d)", lambda m: m.group(0)[1:], figure.rstrip("k"))
        whole = re.match(r"\d+", digits.replace(" ", ""))
        if whole is None:
            continue
        count = int(whole.group(0)) * (1000 if thousands else 1)
        if count >= MANY_SOLD:
            return True
    return False


__all__ = ["MANY_SOLD", "STAGE_PATTERNS", "stage_of"]
