"""Rich text in files: the editor's HTML with links as site paths, and back.

Files carry internal links as site paths (``/glossary/micro-influencer/``),
not database ids, so a file means the same in any copy of the CMS. Going in,
HTML passes through the editor's own allow-list (Wagtail's converter for the
field's features): what a file can hold is what an editor could have typed.
"""

import re

from bs4 import BeautifulSoup, NavigableString
from django.utils.html import escape
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.rich_text.rewriters import LinkRewriter

# Markup, as opposed to plain text that happens to hold a "<".
MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")
# Elements whose content is never text a reader should see.
DROPPED_WITH_CONTENT = ("script", "style", "template", "noscript", "iframe", "object")
BLOCK_ELEMENTS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "div"})


def plain_to_html(text):
    """Paragraphs separated by blank lines; single line breaks kept."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "".join(
        "<p>" + "<br/>".join(escape(line) for line in part.split("\n")) + "</p>"
        for part in paragraphs
        if part.strip()
    )


def _blocks_only(html):
    """Loose text and inline markup at the top level go into paragraphs.

    The editor only ever writes blocks (paragraphs, headings, lists); the
    allow-list keeps ``div`` wrappers and stray text, so they are settled here.
    """
    soup = BeautifulSoup(html, "html.parser")
    for div in soup.find_all("div"):
        div.unwrap()
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
            out.append(str(node))
        else:
            loose.append(str(node))
    flush()
    return "".join(out)


def to_database(html, features, link_target):
    """A file's HTML (or plain paragraphs) as Wagtail stores it.

    ``link_target(href)`` answers ``("page", id)`` for a link to a page of this
    site, ``("url", href)`` for one to keep as it is, or ``(None, reason)``.
    Returns the stored form and the reasons of links that had to be dropped.
    """
    if not html or not html.strip():
        return "", []
    if not MARKUP.search(html):
        html = plain_to_html(html)
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(DROPPED_WITH_CONTENT):
        element.decompose()
    problems = []
    for anchor in soup.find_all("a"):
        href = (anchor.get("href") or "").strip()
        attrs = {}
        if href:
            kind, value = link_target(href)
            if kind == "page":
                attrs = {"data-linktype": "page", "data-id": str(value)}
            elif kind == "url":
                attrs = {"href": value}
            else:
                problems.append(value)
        anchor.attrs = attrs
    stored = EditorHTMLConverter(features=features).to_database_format(str(soup))
    return _blocks_only(stored), problems


def to_file(stored, path_for):
    """Stored rich text with each page link written as the page's site path.

    ``path_for`` maps a list of stored page ids to paths (None for a page
    that no longer exists, which leaves a link without an address, as Wagtail
    renders it).
    """
    if not stored:
        return ""

    def page_links(attrs_list):
        paths = path_for([attrs.get("id") for attrs in attrs_list])
        return [f'<a href="{escape(path)}">' if path else "<a>" for path in paths]

    return LinkRewriter(bulk_rules={"page": page_links})(stored)
