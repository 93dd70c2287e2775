"""The SEO checklist editors see in the Promote tab, before they publish.

Shown by ``seo.panels.SEOChecksPanel`` and worked out again as the editor types
(``seo.views``); the glossary health report uses the same limits.
"""

from dataclasses import dataclass

from .text import plain_text, shorten

SEO_TITLE_MIN = 10
SEO_TITLE_MAX = 60
# A title shared on a social network shows without the site's suffix, and
# search engines often drop the suffix too. Below about two words (15
# characters) a title is usually a bare term such as "Reach" or "CPM", which
# on its own does not say what the page explains or for whom.
STANDALONE_TITLE_MIN = 15
DESCRIPTION_MIN = 50
DESCRIPTION_MAX = 160
SHORT_DEFINITION_WORDS = (30, 60)


@dataclass(frozen=True)
class Check:
    label: str
    passed: bool
    advice: str


def length_check(label, text, low, high, unit="characters", count=len):
    size = count(text)
    if not size:
        return Check(label, False, f"Missing. Aim for {low}–{high} {unit}.")
    if size < low:
        return Check(label, False, f"{size} {unit}: too short, aim for {low}–{high}.")
    if size > high:
        return Check(label, False, f"{size} {unit}: too long, aim for {low}–{high}.")
    return Check(label, True, f"{size} {unit}.")


def title_checks(title, full_title):
    """The title tag as browsers print it, and the title as it is shared."""
    tag = length_check("Title tag", full_title, SEO_TITLE_MIN, SEO_TITLE_MAX)
    if full_title != title:
        suffix = full_title[len(title) :].strip()
        tag = Check(
            tag.label,
            tag.passed,
            f"{tag.advice} Counted with “{suffix}”, which the site adds to "
            "every title.",
        )
    checks = [tag]
    if not title:
        return checks
    size = len(title)
    if size >= STANDALONE_TITLE_MIN:
        checks.append(Check("Title on its own", True, f"{size} characters."))
    else:
        checks.append(
            Check(
                "Title on its own",
                False,
                f"{size} characters: too short to stand alone. Social networks "
                "show the title without the site's name, and search results "
                f"often drop it too; under {STANDALONE_TITLE_MIN} characters a "
                f"title like “{title}” rarely says what the page explains. "
                "Write an SEO title that does, e.g. “Reach explained: what it "
                "means for creators”.",
            )
        )
    return checks


def seo_checks(page):
    """Guidance on a (draft) page, most important first."""
    site_seo = page.seo_settings()
    title = page.seo_title or page.title or ""
    checks = title_checks(title, site_seo.full_title(title))
    written = plain_text(page.search_description)
    if written:
        checks.append(
            length_check("Meta description", written, DESCRIPTION_MIN, DESCRIPTION_MAX)
        )
    else:
        fallback = plain_text(page.seo_fallback_description())
        if not fallback:
            checks.append(Check("Meta description", False, "Missing."))
        elif len(fallback) > DESCRIPTION_MAX:
            kept = len(shorten(fallback, DESCRIPTION_MAX)) - 1
            checks.append(
                Check(
                    "Meta description",
                    False,
                    f"Not written: search engines get {page.seo_fallback_label} "
                    f"cut to fit {DESCRIPTION_MAX} characters, after a whole word "
                    f"({kept} of {len(fallback)} characters, then “…”). Write "
                    "one that ends well.",
                )
            )
        else:
            checks.append(
                Check(
                    "Meta description",
                    True,
                    f"Not written; {page.seo_fallback_label} is used.",
                )
            )
    checks.extend(page.seo_content_checks())
    if page.social_image_id:
        checks.append(Check("Social image", True, "Set."))
    elif site_seo.default_social_image_id:
        checks.append(
            Check("Social image", True, "Not set: shares show the site's default.")
        )
    else:
        checks.append(
            Check(
                "Social image",
                False,
                "Missing: shares on social networks will show no picture.",
            )
        )
    if page.noindex:
        checks.append(
            Check(
                "Search engines",
                False,
                "Hidden from search engines and the sitemap.",
            )
        )
    return checks


def defined_term_checks(short_definition, has_examples, has_related_terms):
    """What a glossary term's own content needs to answer a search well."""
    low, high = SHORT_DEFINITION_WORDS
    words = len(short_definition.split())
    if low <= words <= high:
        definition = Check("Short definition", True, f"{words} words.")
    else:
        definition = Check(
            "Short definition",
            False,
            f"{words} words: aim for {low}–{high}, a complete answer in a "
            "sentence or two.",
        )
    return [
        definition,
        Check("Examples", True, "At least one.")
        if has_examples
        else Check("Examples", False, "Missing: add at least one example."),
        Check("Related terms", True, "Linked.")
        if has_related_terms
        else Check(
            "Related terms",
            False,
            "None: link a few terms readers will want next.",
        ),
    ]
