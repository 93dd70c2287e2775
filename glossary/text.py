"""Wording rules for terms: A–Z letters and the articles in section headings."""

import re
import unicodedata

OTHER_LETTER = "#"
LETTERS = [chr(code) for code in range(ord("A"), ord("Z") + 1)] + [OTHER_LETTER]

# Letters whose spoken name starts with a vowel sound ("an SEO", "an FAQ").
_VOWEL_SOUND_INITIALS = set("AEFHILMNORSX")
# Words that start with a vowel letter but a consonant sound, and the reverse.
_CONSONANT_SOUND_PREFIXES = (
    "uni",
    "use",
    "usa",
    "usu",
    "ute",
    "eu",
    "one",
    "once",
    "ubi",
)
_VOWEL_SOUND_PREFIXES = ("hour", "honest", "honor", "honour", "heir")

ARTICLE_AUTO = ""
ARTICLE_A = "a"
ARTICLE_AN = "an"
ARTICLE_NONE = "none"
ARTICLE_CHOICES = [
    (ARTICLE_AUTO, "Automatic (a / an)"),
    (ARTICLE_A, "a — “What is a Media kit?”"),
    (ARTICLE_AN, "an — “What is an Affiliate link?”"),
    (ARTICLE_NONE, "No article — “What is UGC?”"),
]


def letter_for(title):
    """The A–Z bucket of a title: accents folded ("Élite" → E), else "#"."""
    for char in title.strip():
        if not char.isalnum():
            continue
        base = unicodedata.normalize("NFKD", char)[0].upper()
        return base if "A" <= base <= "Z" else OTHER_LETTER
    return OTHER_LETTER


def indefinite_article(term):
    """Guess "a" or "an" for a term from how its first word sounds."""
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", term) if not unicodedata.combining(c)
    )
    match = re.search(r"[A-Za-z0-9]+", folded)
    if not match:
        return ARTICLE_A
    word = match.group(0)
    if word[0].isdigit():
        # "an 8-second hook", "an 11…", "an 18…"; otherwise "a 360 video".
        return ARTICLE_AN if word[0] == "8" or word[:2] in ("11", "18") else ARTICLE_A
    is_acronym = len(word) > 1 and word.isupper()
    if is_acronym and not _pronounceable(word):
        return ARTICLE_AN if word[0] in _VOWEL_SOUND_INITIALS else ARTICLE_A
    lower = word.lower()
    if lower.startswith(_VOWEL_SOUND_PREFIXES):
        return ARTICLE_AN
    if lower.startswith(_CONSONANT_SOUND_PREFIXES):
        return ARTICLE_A
    return ARTICLE_AN if lower[0] in "aeiou" else ARTICLE_A


def _pronounceable(acronym):
    # Acronyms read as words ("NASA", "ROAS") follow the word rule instead of
    # letter names; a crude but useful test is a vowel in second or third place.
    return len(acronym) >= 4 and any(c in "AEIOU" for c in acronym[1:3])


def with_article(term, article=ARTICLE_AUTO):
    """The term with the article the editor chose, or the guessed one."""
    if article == ARTICLE_NONE:
        return term
    return f"{article or indefinite_article(term)} {term}"


def default_headings(term, article=ARTICLE_AUTO):
    """The three section headings every term page carries, phrased for it."""
    named = with_article(term, article)
    return {
        "definition": f"What is {named}?",
        "why_it_matters": f"Why is {named} important for creators?",
        "examples": f"What is an example of {named}?",
    }


def _singular(word):
    # Simple English plurals only: "influencers", "agencies", "hashes". Words
    # ending in -ss, -us or -is ("class", "status", "analysis") are left as
    # they are, and so is anything of three letters or fewer ("ads", "bus").
    if len(word) <= 3 or not word.endswith("s"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


# A possessive 's ("creator's", "creator’s"): read as the word it follows.
_POSSESSIVE = re.compile(r"(?<=[^\W_])['\u2019]s(?![^\W_])")


def name_words(text):
    """The words of a name as clashes are judged: case, accents and punctuation
    folded, hyphens read as spaces, possessives and simple plurals made
    singular ("Creator's fund" and "Creators' fund" read as "creator fund")."""
    folded = "".join(
        c
        for c in unicodedata.normalize("NFKD", (text or "").casefold())
        if not unicodedata.combining(c)
    )
    folded = _POSSESSIVE.sub("", folded)
    return [_singular(word) for word in re.findall(r"[^\W_]+", folded)]


def name_key(text):
    """A title or other name as clashes are judged.

    "Micro-influencer", "micro influencers" and "Micro Influencer" share one
    key; so do "Café" and "cafe". Stored on terms and other names, indexed.
    """
    return " ".join(name_words(text))
