"""Rich text in files: the editor's HTML with links as site paths, and back.

Files carry internal links as site paths (``/glossary/micro-influencer/``),
not database ids, so a file means the same in any copy of the CMS. Going in,
HTML passes through the editor's own allow-list (Wagtail's converter for the
field's features): what a file can hold is what an editor could have typed.
"""

import html as html_module
import re
from functools import lru_cache

from bs4 import BeautifulSoup, NavigableString
from django.utils.html import escape
from wagtail.admin.rich_text.converters.editor_html import DbWhitelister
from wagtail.rich_text import features as feature_registry
from wagtail.rich_text.rewriters import LinkRewriter
from wagtail.whitelist import check_url

# Markup, as opposed to plain text that happens to hold a "<".
# Neither may cross a "<": scanning "<a<a<a…" stays linear.
MARKUP = re.compile(r"</?[a-zA-Z][^<>]*>")
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>")
# Draftail keeps a key on each block; it means nothing outside the editor.
BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')
# Elements whose content is never text a reader should see: refused.
HOSTILE_ELEMENTS = ("script", "style", "template", "noscript", "iframe", "object")
BLOCK_ELEMENTS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol"})
VOID_ELEMENTS = frozenset({"br", "hr", "img", "embed"})


def plain_to_html(text):
    """Paragraphs separated by blank lines; single line breaks kept."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "".join(
        "<p>" + "<br/>".join(escape(line) for line in part.split("\n")) + "</p>"
        for part in paragraphs
        if part.strip()
    )


@lru_cache
def _converter_rules(features):
    rules = []
    for feature in features:
        rules.extend(feature_registry.get_converter_rule("editorhtml", feature) or [])
    return rules


class FileWhitelister(DbWhitelister):
    """The editor's allow-list for a set of features, reading a file's HTML.

    On top of what the editor keeps, it resolves each link's address (site
    paths become page links) and notes what no editor could have typed:
    scripts and the like, event handlers, links it cannot keep.
    """

    def __init__(self, features, link_target):
        super().__init__(_converter_rules(tuple(features)))
        self.link_target = link_target
        self.problems = []

    def clean_tag_node(self, doc, tag):
        if tag.name in HOSTILE_ELEMENTS:
            self.problems.append(f"holds a <{tag.name}> element")
            tag.decompose()
            return
        for attribute in tag.attrs:
            if attribute.lower().startswith("on"):
                self.problems.append(
                    f"holds an event handler ({attribute}=) on <{tag.name}>"
                )
        if tag.name == "a":
            self._resolve_link(tag)
        super().clean_tag_node(doc, tag)

    def _resolve_link(self, anchor):
        href = (anchor.get("href") or "").strip()
        anchor.attrs = {}
        if not href:
            return
        kind, value = self.link_target(href)
        if kind == "page":
            anchor.attrs = {"data-linktype": "page", "data-id": str(value)}
        elif kind == "url":
            anchor.attrs = {"href": value}
        else:
            self.problems.append(value)


def _is_blocks_only(html):
    """True when nothing but block elements sits at the top level."""
    depth, position = 0, 0
    for match in TAG.finditer(html):
        if depth == 0 and html[position : match.start()].strip():
            return False
        closing, name, self_closing = match.groups()
        name = name.lower()
        if closing:
            depth -= 1
        elif name in VOID_ELEMENTS or self_closing:
            if depth == 0:
                return False
        else:
            if depth == 0 and name not in BLOCK_ELEMENTS:
                return False
            depth += 1
        position = match.end()
    return not html[position:].strip()


def _blocks_only(html):
    """Loose text and inline markup at the top level go into paragraphs.

    The editor only ever writes blocks (paragraphs, headings, lists); the
    allow-list keeps stray text and unwraps elements it drops, so that is
    settled here.
    """
    if _is_blocks_only(html):
        return html
    soup = BeautifulSoup(html, "html.parser")
    out, loose = [], []

    def flush():
        text = "".join(loose).strip()
        if text and text not in ("<br/>", "<br>"):
            out.append(f"<p>{text}</p>")
        loose.clear()

    for node in list(soup.contents):
        if isinstance(node, NavigableString):
            loose.append(escape(str(node)))
        elif node.name in BLOCK_ELEMENTS:
            flush()
            out.append(node.decode(formatter=escape))
        else:
            loose.append(node.decode(formatter=escape))
    flush()
    return "".join(out)


# HTML already in the allow-list's own form: lower-case tags, no attribute
# but a link's href, and text escaped as the allow-list writes it.
CANONICAL_TAG = re.compile(r'<(/?)([a-z0-9]+)( href="[^"<>]*")?(/?)>')
NOT_CANONICAL_TEXT = re.compile(r"[<>\"'\r]|&(?!(?:amp|lt|gt|quot|#x27);)")


class NotCanonical(Exception):
    pass


def _canonical_text(text):
    if NOT_CANONICAL_TEXT.search(text):
        raise NotCanonical
    return text


def _canonical_link(href_attribute, link_target, problems):
    if not href_attribute:
        return "<a>"
    href = html_module.unescape(
        _canonical_text(href_attribute[len(' href="') : -1])
    ).strip()
    if not href:
        return "<a>"
    kind, value = link_target(href)
    if kind == "page":
        return f'<a id="{escape(value)}" linktype="page">'
    if kind == "url" and check_url(value):
        return f'<a href="{escape(value)}">'
    if kind is None:
        problems.append(value)
    return "<a>"


def _already_clean(html, features, link_target):
    """What the allow-list makes of HTML already in its form, without parsing
    it; None for anything else, which the allow-list itself then reads.

    Exported files are in this form, so re-imports and large imports skip
    the HTML parser; the result is the same (``tests/test_import_export.py``
    compares both on every sample text).
    """
    allowed = set(_element_names(tuple(features))) - {"div"}
    out, problems, open_tags, position = [], [], [], 0
    try:
        for match in CANONICAL_TAG.finditer(html):
            out.append(_canonical_text(html[position : match.start()]))
            closing, name, href, self_closing = match.groups()
            if name not in allowed or (href and (name != "a" or closing)):
                return None
            if name == "br":
                if closing or not self_closing:
                    return None
                out.append("<br/>")
            elif self_closing:
                return None
            elif closing:
                if not open_tags or open_tags.pop() != name:
                    return None
                out.append(match.group(0))
            else:
                open_tags.append(name)
                out.append(
                    _canonical_link(href, link_target, problems)
                    if name == "a"
                    else match.group(0)
                )
            position = match.end()
        out.append(_canonical_text(html[position:]))
    except NotCanonical:
        return None
    if open_tags:
        return None
    return "".join(out), problems


@lru_cache
def _element_names(features):
    return list(FileWhitelister(features, None).element_rules)


def to_database(html, features, link_target):
    """A file's HTML (or plain paragraphs) as Wagtail stores it.

    ``link_target(href)`` answers ``("page", id)`` for a link to a page of this
    site, ``("url", href)`` for one to keep as it is, or ``(None, reason)``.
    Returns the stored form and the problems found: markup no editor could
    have written, and links that cannot stay.
    """
    if not html or not html.strip():
        return "", []
    if not MARKUP.search(html):
        html = plain_to_html(html)
    clean = _already_clean(html, features, link_target)
    if clean is None:
        whitelister = FileWhitelister(features, link_target)
        clean = whitelister.clean(html), whitelister.problems
    stored, problems = clean
    return _blocks_only(stored), problems


def to_file(stored, path_for):
    """Stored rich text with each page link written as the page's site path,
    as an import would store it again (without the editor's block keys).

    ``path_for`` maps a list of stored page ids to paths (None for a page
    that no longer exists, which leaves a link without an address, as Wagtail
    renders it).
    """
    if not stored:
        return ""

    def page_links(attrs_list):
        paths = path_for([attrs.get("id") for attrs in attrs_list])
        return [f'<a href="{escape(path)}">' if path else "<a>" for path in paths]

    return LinkRewriter(bulk_rules={"page": page_links})(BLOCK_KEY.sub("", stored))
