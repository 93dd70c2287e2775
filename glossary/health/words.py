"""Everyday English the phrase scan does not suggest as glossary terms.

Words are in the folded, singular form ``glossary.text.name_words`` gives
("does" → "doe", "brands" → "brand"), as the scan compares them that way.
"""

# Function words, and verbs and adverbs that never start or end a term's
# name: "brand pay", "of a creator" and "really" are not terms.
EDGE_WORDS = frozenset(
    """
    a about above across actually after again against ago all almost alone
    along already also although always am among an and another any anyone
    anything are aren around as at away be because become been before being
    below between both but by can cannot could did do doe doesn doing don done
    down during each either else enough even ever every few for from further
    get getting give go going got had hasn ha have haven having he her here
    hers him his how however i if in instead into is isn it itself just least
    less let like likely many may me might more most much must my need never
    no none nor not nothing now of off often on once only onto or other our
    ours out over own per perhaps quite rather really same say see seem seen
    several she should since so some someone something sometime soon still
    such than that the their them then there these they this those though
    through thus to too toward under unless until up upon us usually very via
    wa want was we were what whatever when where whether which while who whom
    whose why will with within without would yet you your yourself e g eg ie
    etc vs s t ll ve re d m
    doesn didn won wouldn shouldn couldn isn wasn weren has its was this
    inside outside one two three four five six seven eight nine ten early
    late soon first last next
    """.split()
)

# Verbs that may start a term ("pay per click") but never end one: "brands
# pay" and "creators earn" are sentences, not names.
END_WORDS = EDGE_WORDS | frozenset(
    """
    earn pay grow decide convert compare choose keep know think want need help
    try start stop buy sell spend get make made give take find leave
    """.split()
)

# General words that are not glossary terms on their own, though they may
# end one ("landing page", "rate card"): everyday nouns, adjectives and verbs.
COMMON_WORDS = EDGE_WORDS | frozenset(
    """
    able account action add added age allow answer anyone apply ask back bad
    base basic become begin best better big bit bring build building business
    buy call came care carry case cause certain chance change check choose
    clear close come common company complete cost could count course create
    cut day deal decide decision detail different difficult direct directly
    do early easy eight end enough entire even every example expect extra fact
    fair far fast feel field fifth fill final find fine first five focus
    follow form four free friend front full future general get give given
    glad goal good great group grow half hand happen hard head hear help high
    higher hold home hour idea important include increase instead interest
    keep kind know known large last late later lead learn leave left level
    life line list little live long look lose lot low main make making manage
    matter mean meaning measure meet middle mind minute moment money month
    move name near nearly need new next nine number offer old one open order
    part pay people person piece place plan play point possible price problem
    project put question quick quickly quite reach read ready real reason
    regular rest result right room run said save second seem sell send
    sense serve set seven short show side sign simple simply since single six
    size small social sort sound special spend stand start state stay step
    still stop story strong sure take talk tell ten term test than thing
    think third thousand three time today together told top total try turn
    two type understand use used useful user value various view wait want
    watch way week well whole wide win word work world worth write year young
    hundred million percent share made buying compare convert steady monthly
    weekly daily yearly paid earn rule access advice arrive built code
    """.split()
)

# The only words found inside a three-word term: "link in bio", "cost per
# click", "call to action". "grow a creator" and "post the video" are not.
CONNECTORS = frozenset("of in to per for on and by at from with".split())
