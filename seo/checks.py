"""The SEO checklist editors see in the Promote tab, before they publish."""

from dataclasses import dataclass

from django.utils.html import strip_tags
from wagtail.admin.panels import Panel

SEO_TITLE_MIN = 10
SEO_TITLE_MAX = 60
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


def seo_checks(page):
    """Guidance on a (draft) page, most important first."""
    title = page.seo_title or page.title or ""
    checks = [
        length_check("Title tag", title, SEO_TITLE_MIN, SEO_TITLE_MAX),
    ]
    written = " ".join((page.search_description or "").split())
    if written:
        checks.append(
            length_check("Meta description", written, DESCRIPTION_MIN, DESCRIPTION_MAX)
        )
    else:
        fallback = " ".join(strip_tags(page.seo_fallback_description()).split())
        if not fallback:
            checks.append(Check("Meta description", False, "Missing."))
        elif len(fallback) > DESCRIPTION_MAX:
            checks.append(
                Check(
                    "Meta description",
                    False,
                    f"Not written: search engines get the first {DESCRIPTION_MAX} of "
                    f"{len(fallback)} characters of {page.seo_fallback_label}. Write "
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
    checks.append(
        Check("Social image", True, "Set.")
        if page.social_image_id
        else Check(
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


class SEOChecksPanel(Panel):
    """The checklist in the Promote tab, for the draft being edited."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "seo/panels/seo_checks.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["checks"] = seo_checks(self.instance)
            return context
