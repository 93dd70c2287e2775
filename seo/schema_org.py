"""schema.org objects for ``<script type="application/ld+json">``, per page type."""

from headless.frontend import frontend_url
from headless.prefetch import ancestors
from headless.sanitize import clean_rich_text

from .text import plain_text

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


def website(page, request=None):
    """The home page: the site itself, by the name search engines should show."""
    url = page.seo_canonical_url(request)
    return [
        {
            "@context": SCHEMA_ORG,
            "@type": "WebSite",
            "@id": f"{url}#website",
            "name": page.seo_site_name(request) or page.seo_title or page.title,
            "url": url,
        }
    ]


def glossary(page, request=None):
    """A glossary page: the term set, and where it sits."""
    return [
        {
            "@context": SCHEMA_ORG,
            **defined_term_set(page, request),
            "description": page.seo_description(),
        },
        breadcrumb_list(page, request),
    ]


def defined_term(page, request=None, *, description, other_names=(), faqs=()):
    """A term page: the term in its set, where it sits, and its FAQs if any."""
    url = page.seo_canonical_url(request)
    term = {
        "@context": SCHEMA_ORG,
        "@type": "DefinedTerm",
        "@id": f"{url}#term",
        "name": page.title,
        "description": plain_text(description),
        "url": url,
    }
    if other_names:
        term["alternateName"] = list(other_names)
    trail = ancestors(page)
    if trail:  # terms live directly under their glossary
        term["inDefinedTermSet"] = defined_term_set(trail[-1], request)
    faq = faq_page(faqs)
    return [term, breadcrumb_list(page, request), *([faq] if faq else [])]
