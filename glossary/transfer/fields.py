"""The fields of a term document: the names files use, in the order exports write them.

A term document is one term as a plain dict, the same in every format. JSON
holds it as it is; CSV and XLSX flatten it into one row (``spreadsheets.py``).
"""

# Text fields: (name, required).
TEXT_FIELDS = (
    ("title", True),
    ("slug", False),
    ("short_definition", True),
    ("definition", True),
    ("why_it_matters", False),
)
# Lists of strings, one cell in a spreadsheet with the items joined by " | ".
LIST_FIELDS = ("aliases", "tags", "related_terms")
HEADING_FIELDS = (
    "article",
    "definition_heading",
    "why_it_matters_heading",
    "examples_heading",
)
REFERENCE_FIELDS = ("category", "cta", "reviewed_by")
SEO_FIELDS = ("seo_title", "search_description", "canonical_url", "social_image")

# Every key an exported document holds, in its order. "examples" and "body"
# are lists of blocks; "last_reviewed_at" is a date (YYYY-MM-DD) or null;
# "social_image" an image id or null; "noindex" a boolean.
DOCUMENT_KEYS = (
    *(name for name, _ in TEXT_FIELDS),
    "examples",
    "body",
    *HEADING_FIELDS,
    *LIST_FIELDS,
    *REFERENCE_FIELDS,
    "last_reviewed_at",
    *SEO_FIELDS,
    "noindex",
)
REQUIRED_KEYS = tuple(name for name, required in TEXT_FIELDS if required)

# Keys of the API's term detail that files copied from it may carry; they are
# worked out by the CMS, so an import reads past them.
API_ONLY_KEYS = ("id", "meta", "letter", "headings", "seo", "json_ld", "url")

# The parts of one example, flattened to example_<n>_<part> columns.
EXAMPLE_PARTS = ("title", "body", "image", "link_label", "link_url")
