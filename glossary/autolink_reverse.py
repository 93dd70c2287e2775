"""Reverse links: linking a term from the live terms that already mention it.

Publishing a term links only from it. After a first publish, or one under a
new name, the editor is offered the live terms that mention it without
linking to it; each chosen one is linked and published again.

Finding them stays bounded at any size of glossary: a database filter keeps
the terms whose text holds every word of one of the names (a plain substring
match, loose on purpose), and only those are read and matched exactly, a
batch at a time, as their own publish would match them.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import BigIntegerField, Q
from django.db.models.functions import Cast
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, ReferenceIndex

from .autolink import (
    CONTENT_FIELDS,
    Targets,
    link_revision,
    links_per_term,
    lookup,
    own_keys,
    sources,
)
from .autolink_text import Document, Names
from .models import GlossaryTermPage
from .text import name_key, name_words

# Terms whose content is read per query when looking for mentions.
CANDIDATES_PER_QUERY = 100
# The most terms listed as mentioning a term at once; linking them shows more.
MAX_LISTED = 100
# The history entry of a term linked from the reverse-link page.
LINKED_ACTION = "glossary.auto_link"
PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")


def _stem(word):
    # Loose on purpose: a prefilter for the database, which cannot fold
    # plurals ("agency" is in "agencies" as "agenc").
    return word[:-1] if len(word) > 3 and word.endswith("y") else word


def _mention_filter(names):
    """A database condition every term mentioning one of ``names`` meets."""
    condition = Q(pk__in=[])
    for name in names:
        variants = {tuple(name_words(name)), tuple(name.casefold().split())}
        for words in variants:
            words = [_stem(word) for word in words if word]
            if not words:
                continue
            for field in CONTENT_FIELDS:
                both = Q()
                for word in words:
                    both &= Q(**{f"{field}__icontains": word})
                condition |= both
    return condition


def offer_problem(term):
    """Why no term can be offered a link to ``term`` now, or "" when one can."""
    if not term.live:
        return f"“{term.title}” isn't published, so no other term can link to it yet."
    if not GlossaryTermPage.objects.filter(pk=term.pk).public().exists():
        return (
            f"“{term.title}” is private. Automatic links only point to terms "
            "everyone can read."
        )
    if links_per_term(term) <= 0:
        return (
            "Automatic links are switched off for the whole site (Settings → "
            "Glossary settings → automatic links per term)."
        )
    return ""


def has_new_names(term):
    """Whether the live term's title or an other name is new since its
    previous publish (or this is its first)."""
    previous = (
        PageLogEntry.objects.filter(
            page=term, action__in=PUBLISH_ACTIONS, revision__isnull=False
        )
        .exclude(revision_id=term.live_revision_id)
        .order_by("-timestamp", "-pk")
        .values_list("revision__content__title", "revision__content__term_aliases")
        .first()
    )
    current = {key for key in map(name_key, _names_of(term)) if key}
    if previous is None:
        return bool(current)
    title, aliases = previous
    return bool(current - own_keys({"title": title, "term_aliases": aliases}))


def _names_of(term):
    return [term.title, *term.term_aliases.values_list("name", flat=True)]


def mentioning_terms(term, limit=MAX_LISTED, only=None, examined=None):
    """The live terms that mention ``term`` but do not link to it yet.

    [(term, (before, mention, after))], in title order, at most ``limit``:
    the terms a publish of each would link to ``term`` (automatic links on,
    ``term`` not on their "never link" list), with the sentence where ``term``
    is first mentioned. ``only``: ids to look at, of all of them;
    ``examined``: look at no more than this many candidates.
    """
    names = _names_of(term)
    keys = {key for key in map(name_key, names) if key}
    if not keys:
        return []
    page_type = ContentType.objects.get_for_model(Page)
    linking = (
        ReferenceIndex.objects.filter(
            base_content_type=page_type,
            to_content_type=page_type,
            to_object_id=str(term.pk),
        )
        .annotate(source=Cast("object_id", BigIntegerField()))
        .values("source")
    )
    parent_path = term.path[: -term.steplen]
    candidates = (
        GlossaryTermPage.objects.live()
        .filter(path__startswith=parent_path, depth=term.depth, auto_link=True)
        .exclude(pk=term.pk)
        .exclude(pk__in=linking)
        .exclude(auto_link_skips__term=term)
        .filter(_mention_filter(names))
        .order_by("title", "pk")
        .defer("body", "short_definition")
        .prefetch_related("term_aliases")
    )
    if only is not None:
        candidates = candidates.filter(pk__in=only)
    targets = Targets(term)
    # Asked for one (is there any?), most often the first few candidates do.
    size = min(CANDIDATES_PER_QUERY, 10 * limit)
    found = []
    offset = 0
    while len(found) < limit and (examined is None or offset < examined):
        batch = list(candidates[offset : offset + size])
        offset += len(batch)
        found += _mentions_in(batch, term, keys, targets)[: limit - len(found)]
        if len(batch) < size:
            break
    return found


def _mentions_in(candidates, term, keys, targets):
    """The candidates whose publish would link ``term``, with the sentence."""
    wanted = Names(dict.fromkeys(keys, term.pk))
    documents = []
    around = set()
    for candidate in candidates:
        texts, _examples = sources(
            {
                field: getattr(candidate, field).raw_data
                if field == "examples"
                else getattr(candidate, field)
                for field in CONTENT_FIELDS
            }
        )
        document = Document(texts)
        spots = [(first, last) for first, last, _t in document.mentions(wanted)]
        if spots and term.pk not in document.linked:
            documents.append((candidate, document))
            for first, last in spots:
                around |= document.keys_around(first, last)
    # Longer names that overlap a mention take its words ("Micro-influencer
    # marketing" is not a mention of "Micro-influencer"): looked up once.
    others = Names(lookup(around - keys, targets) if around else {})
    found = []
    for candidate, document in documents:
        names = [
            candidate.title,
            *(alias.name for alias in candidate.term_aliases.all()),
        ]
        own = Names({name_key(name): candidate.pk for name in names})
        for first, last, target in document.mentions(wanted, own, others):
            if target == term.pk:
                found.append((candidate, document.context(first, last)))
                break
    return found


def link_from(term, page_id, user):
    """Link ``term`` where the live term ``page_id`` first mentions it, and publish.

    One new revision, from the live content, published by ``user`` (whose
    rights the caller has checked); the publish adds any other automatic
    link it is due too. Nothing is written, and False returned, when the
    term has unpublished changes (publishing would publish someone's draft)
    or no longer has a mention to link.
    """
    with transaction.atomic():
        page = (
            GlossaryTermPage.objects.select_for_update()
            .filter(pk=page_id, live=True, has_unpublished_changes=False)
            .first()
        )
        if page is None:
            return False
        revision = page.save_revision(user=user, log_action=True, clean=False)
        link_revision(revision, force={term.pk})
        if term.pk not in revision.content.get("auto_linked_terms", []):
            transaction.set_rollback(True)
            return False
        log(
            instance=page,
            action=LINKED_ACTION,
            user=user,
            revision=revision,
            data={"term": {"id": term.pk, "title": term.title}},
        )
        revision.publish(user=user)
    return True
