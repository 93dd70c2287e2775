"""The checks of each live term: content, links, relations, review and SEO."""

import calendar
import datetime
import json
import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import TextField
from django.db.models.functions import Cast
from wagtail.models import Page, PageViewRestriction, Site

from seo import checks as seo_checks
from seo.site_settings import SEOSettings

from ..models import GlossaryRelatedTerm, GlossarySettings, GlossaryTermPage
from .problems import Problem

_TERM_FIELDS = (
    "pk",
    "title",
    "path",
    "seo_title",
    "search_description",
    "social_image_id",
    "last_reviewed_at",
    "short_definition",
    "definition",
    "why_it_matters",
    "examples_json",
    "body_json",
)


def term_rows():
    # One query, read in chunks (a server-side cursor on PostgreSQL), so that
    # 10,000 terms' text never sits in memory at once. Stream fields are read
    # as their stored JSON text: the checks need its strings and ids, and
    # building blocks for every term would cost more than the whole check.
    rows = (
        GlossaryTermPage.objects.live()
        .order_by("path")
        .annotate(
            examples_json=Cast("examples", TextField()),
            body_json=Cast("body", TextField()),
        )
        .values_list(*_TERM_FIELDS)
    )
    for values in rows.iterator(chunk_size=500):
        row = dict(zip(_TERM_FIELDS, values, strict=True))
        row["examples"] = _stream_items(row.pop("examples_json"))
        row["body"] = _stream_items(row.pop("body_json"))
        yield row


@dataclass
class Context:
    """What the checks need besides the terms, each read in one query."""

    pages: dict
    restricted_paths: list
    sites: list

    @classmethod
    def load(cls):
        pages = {
            pk: (live, path, title)
            for pk, live, path, title in Page.objects.values_list(
                "pk", "live", "path", "title"
            )
        }
        restricted = list(
            PageViewRestriction.objects.values_list("page__path", flat=True)
        )
        glossary_settings = {s.site_id: s for s in GlossarySettings.objects.all()}
        seo_settings = {s.site_id: s for s in SEOSettings.objects.all()}
        sites = [
            (
                site.root_page.path,
                glossary_settings.get(site.pk) or GlossarySettings(site=site),
                seo_settings.get(site.pk) or SEOSettings(site=site),
            )
            for site in Site.objects.select_related("root_page")
        ]
        # The deepest root first: a page belongs to the innermost site.
        sites.sort(key=lambda entry: -len(entry[0]))
        return cls(pages, restricted, sites)

    def site_for(self, path):
        for root_path, glossary_settings, seo_settings in self.sites:
            if path.startswith(root_path):
                return glossary_settings, seo_settings
        return GlossarySettings(), SEOSettings()

    def page_problem(self, pk):
        """(why readers cannot open page ``pk`` or None, its title or None)."""
        page = self.pages.get(pk)
        if page is None:
            return "deleted", None
        live, path, title = page
        if not live:
            return "not published", title
        if any(path.startswith(restricted) for restricted in self.restricted_paths):
            return "private", title
        return None, title


# Content: sections, examples, links ----------------------------------------

# A page link in stored rich text: <a linktype="page" id="12">, in any order.
_LINK_TAG = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
_LINKTYPE_PAGE = re.compile(r'\blinktype="page"')
_LINK_ID = re.compile(r'\bid="(\d+)"')


@dataclass(frozen=True)
class _Text:
    """A piece of a term's text: where it is, its source and any chosen page."""

    where: str
    source: str
    rich: bool = True
    page_id: int | None = None


def _stream_items(stored):
    items = json.loads(stored) if stored else []
    if not isinstance(items, list):
        return []
    return [item for item in items if isinstance(item, dict)]


def texts(row):
    yield _Text("the short definition", row["short_definition"] or "", rich=False)
    yield _Text("the definition", row["definition"] or "")
    yield _Text("“Why it matters”", row["why_it_matters"] or "")
    for number, item in enumerate(row["examples"], start=1):
        value = item.get("value") or {}
        where = f"example {number}"
        yield _Text(where, value.get("title") or "", rich=False)
        yield _Text(where, value.get("body") or "")
        page_id = (value.get("link") or {}).get("page")
        if page_id:
            yield _Text(f"the link of example {number}", "", page_id=int(page_id))
    for item in row["body"]:
        value = item.get("value")
        if not isinstance(value, dict):
            continue
        kind = item.get("type")
        if kind == "section":
            where = f"the section “{value.get('heading') or ''}”"
            yield _Text(where, value.get("heading") or "", rich=False)
            yield _Text(where, value.get("text") or "")
        elif kind == "faq":
            where = f"the question “{value.get('question') or ''}”"
            yield _Text(where, value.get("question") or "", rich=False)
            yield _Text(where, value.get("answer") or "")
        elif kind == "quote":
            yield _Text("a quote", value.get("quote") or "", rich=False)
        elif kind == "image":
            yield _Text("an image caption", value.get("caption") or "", rich=False)


def links(texts):
    """(where, page id) for each page link or chosen page, once per place."""
    seen = set()
    for text in texts:
        targets = [text.page_id] if text.page_id else []
        if text.rich:
            for tag in _LINK_TAG.findall(text.source):
                found = _LINKTYPE_PAGE.search(tag) and _LINK_ID.search(tag)
                if found:
                    targets.append(int(found.group(1)))
        for target in targets:
            if (text.where, target) not in seen:
                seen.add((text.where, target))
                yield text.where, target


_TAGS = re.compile(r"<[^>]*>")
_BLANK = re.compile(r"(?:\s|&nbsp;|&#160;|\u00a0)*")


def _is_empty(rich_text):
    # Cheaper than a full HTML parse for every term: only whether any text is left.
    return _BLANK.fullmatch(_TAGS.sub("", rich_text or "")) is not None


def content_problems(row, links, context):
    term_id, title = row["pk"], row["title"]
    for field, label in (
        ("definition", "The definition"),
        ("why_it_matters", "“Why it matters”"),
    ):
        if _is_empty(row[field]):
            yield Problem("missing_section", term_id, title, f"{label} is empty.")
    if not row["examples"]:
        yield Problem("no_example", term_id, title, "Add at least one example.")
    for where, target in links:
        why, target_title = context.page_problem(target)
        if why is None:
            continue
        if target_title is None:
            detail = f"In {where}: a link to a page that was deleted."
        else:
            detail = f"In {where}: a link to “{target_title}”, which is {why}."
        yield Problem("broken_link", term_id, title, detail)


# Relations: related terms, orphans, dead ends -------------------------------


def relation_problems(terms, linked_to, context):
    # Links are read from the terms' text above rather than from Wagtail's
    # reference index: an import fills that index later, in the background,
    # and a report read in between would call every term an orphan.
    live_ids = {term_id for term_id, _ in terms}
    related = defaultdict(list)
    for page_id, term_id in (
        GlossaryRelatedTerm.objects.filter(page__live=True)
        .order_by("page_id", "sort_order", "pk")
        .values_list("page_id", "term_id")
    ):
        related[page_id].append(term_id)
        if page_id != term_id and page_id in live_ids:
            linked_to.add(term_id)
    for term_id, title in terms:
        readable = 0
        for target in related.get(term_id, []):
            why, target_title = context.page_problem(target)
            if why is None:
                readable += 1
            else:
                yield Problem(
                    "unpublished_related",
                    term_id,
                    title,
                    f"“{target_title}” is {why}.",
                )
        if term_id not in linked_to:
            yield Problem(
                "orphan",
                term_id,
                title,
                "No other published term relates to it or links to it.",
            )
        if not readable:
            detail = (
                "None of its related terms is published."
                if related.get(term_id)
                else "Add a few terms readers will want next."
            )
            yield Problem("dead_end", term_id, title, detail)


# Review and SEO ---------------------------------------------------------------


def months_before(day, months):
    """The same day ``months`` months earlier (the month's last day if shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


def review_and_seo_problems(row, context, today):
    term_id, title = row["pk"], row["title"]
    glossary_settings, seo_settings = context.site_for(row["path"])
    months = glossary_settings.review_after_months
    reviewed = row["last_reviewed_at"]
    if reviewed is None:
        yield Problem("review_due", term_id, title, "Never reviewed.")
    elif reviewed <= months_before(today, months):
        yield Problem(
            "review_due",
            term_id,
            title,
            f"Last reviewed on {reviewed:%-d %B %Y}, {months} or more months ago.",
        )
    if not (row["search_description"] or "").strip():
        yield Problem(
            "no_meta_description",
            term_id,
            title,
            "Write one of "
            f"{seo_checks.DESCRIPTION_MIN}–{seo_checks.DESCRIPTION_MAX} characters.",
        )
    seo_title = row["seo_title"] or title
    title_tag = seo_checks.length_check(
        "Title tag",
        seo_settings.full_title(seo_title),
        seo_checks.SEO_TITLE_MIN,
        seo_checks.SEO_TITLE_MAX,
    )
    if not title_tag.passed:
        yield Problem("title_length", term_id, title, title_tag.advice)
    if not row["social_image_id"]:
        detail = (
            "Shares show the site's default image."
            if seo_settings.default_social_image_id
            else "Shares on social networks show no picture."
        )
        yield Problem("no_social_image", term_id, title, detail)
