"""What search engines and social networks read about a page; checks for editors.

Every page type mixes in :class:`SEOMixin`: the Promote tab's fields, the
``seo`` object the API returns, sitemap entries, and the checklist shown to
editors before they publish.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel
from wagtail.images import get_image_model_string

from cms.frontend import absolute_cms_url, frontend_url
from cms.prefetch import ancestors
from cms.sanitize import clean_rich_text, safe_url

SEO_TITLE_MAX = 60
DESCRIPTION_MIN = 50
DESCRIPTION_MAX = 160
SHORT_DEFINITION_WORDS = (30, 60)
SOCIAL_IMAGE_SPEC = "fill-1200x630"


class SEOChecksPanel(Panel):
    """The checklist in the Promote tab, for the draft being edited."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "glossary/panels/seo_checks.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["checks"] = seo_checks(self.instance)
            return context


class SEOMixin(models.Model):
    """Promote-tab fields owned by the SEO team, on every page type."""

    canonical_url = models.URLField(
        max_length=500,
        blank=True,
        verbose_name="canonical URL",
        help_text="Leave empty: the page's own address is canonical. Fill in only "
        "when the main copy of this content lives at another address.",
    )
    social_image = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The picture shown when the page is shared on social networks. "
        "Use a landscape image of at least 1200×630 pixels.",
    )
    noindex = models.BooleanField(
        default=False,
        verbose_name="hide from search engines",
        help_text="Tick to keep this page out of search results and the sitemap. "
        "Readers can still open it.",
    )

    class Meta:
        abstract = True

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel(
                    "seo_title",
                    help_text="The title in search results and browser tabs. Keep it "
                    f"under {SEO_TITLE_MAX} characters. Leave empty to use the title.",
                ),
                FieldPanel(
                    "search_description",
                    help_text="The snippet under the title in search results: "
                    f"{DESCRIPTION_MIN}–{DESCRIPTION_MAX} characters that make "
                    "people click. Leave empty to use the short definition or intro.",
                ),
                FieldPanel("canonical_url"),
                FieldPanel("social_image"),
                FieldPanel("noindex"),
            ],
            heading="For search engines",
        ),
        SEOChecksPanel(heading="SEO checks"),
    ]

    def seo_fallback_description(self):
        """Plain text used when the editor wrote no meta description."""
        return ""

    def seo_content_checks(self):
        """Checks of the page's own content; page types add theirs."""
        return []

    def seo_description(self):
        text = self.search_description or self.seo_fallback_description()
        text = " ".join(strip_tags(text).split())
        return Truncator(text).chars(DESCRIPTION_MAX)

    def seo_canonical_url(self, request=None):
        # An address that would run script counts as none given.
        return safe_url(self.canonical_url) or self.get_full_url(request)

    def seo_data(self, request=None):
        image = self.social_image
        image_url = None
        if image is not None:
            image_url = absolute_cms_url(image.get_rendition(SOCIAL_IMAGE_SPEC).url)
        return {
            "title": self.seo_title or self.title,
            "description": self.seo_description(),
            "canonical_url": self.seo_canonical_url(request),
            "image": image_url,
            "robots": "noindex, follow" if self.noindex else "index, follow",
        }

    def get_sitemap_urls(self, request=None):
        # Hidden pages, and pages whose canonical copy is elsewhere, stay out.
        if self.noindex:
            return []
        own_url = self.get_full_url(request)
        if self.seo_canonical_url(request) != own_url:
            return []
        return super().get_sitemap_urls(request)


@dataclass(frozen=True)
class Check:
    label: str
    passed: bool
    advice: str


def _length_check(label, text, low, high, unit="characters", count=len):
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
        _length_check("Title tag", title, 10, SEO_TITLE_MAX),
    ]
    written = " ".join((page.search_description or "").split())
    if written:
        checks.append(
            _length_check("Meta description", written, DESCRIPTION_MIN, DESCRIPTION_MAX)
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
                    f"{len(fallback)} characters of the short definition. Write "
                    "one that ends well.",
                )
            )
        else:
            checks.append(
                Check(
                    "Meta description",
                    True,
                    "Not written; the short definition is used.",
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


SCHEMA_ORG = "https://schema.org"


def breadcrumb_list(page, request=None):
    trail = [*ancestors(page), page]
    return {
        "@context": SCHEMA_ORG,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.title,
                "item": frontend_url(crumb, request),
            }
            for position, crumb in enumerate(trail, start=1)
        ],
    }


def defined_term_set(glossary, request=None):
    """The schema.org identity of a glossary (any Page), shared by it and its terms."""
    url = frontend_url(glossary, request)
    return {
        "@type": "DefinedTermSet",
        "@id": f"{url}#glossary",
        "name": glossary.title,
        "url": url,
    }


def faq_page(questions):
    """FAQPage for (question, answer HTML) pairs, or None when there are none."""
    if not questions:
        return None
    return {
        "@context": SCHEMA_ORG,
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": clean_rich_text(answer)},
            }
            for question, answer in questions
        ],
    }
