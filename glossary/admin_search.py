"""Searching terms in the admin with the public search's engine.

Wagtail's own admin search matches titles and other names from their start
("autocomplete"). Editors look for a term by a phrase they remember from its
examples or extra sections, or by a misspelling; the public search
(``search.terms``) finds both, so the admin asks it too: in the Terms
listing, which the sidebar's search box opens for people who write terms
(``TermSearchArea``). Wagtail's own page search has no hook to change how it
searches; it stays one click away under "Other searches", and offers
"Glossary terms" in turn.

What is searched: every term the listing would show — drafts, private and
expired terms included — by the text Wagtail's search index holds, which is
each page as stored: the published version of a published term, and the
version a draft was first saved with. Changes kept as a draft are found once
published, as in Wagtail's own admin search. The listing shows each term's
latest title, so a title changed in a draft is matched as well, and so is
part of a word in a title.
"""

from django.db.models import Case, IntegerField, When
from django.urls import reverse
from wagtail.admin.search import SearchArea

from search import ranking
from search import terms as term_search
from search.query import MAX_QUERY_LENGTH, clean_query

from .dashboard import can_edit_terms
from .models import GlossaryTermPage


def matching_ids(terms, query):
    """Ids of these terms matching ``query``, best first, at most MAX_RESULTS."""
    query = clean_query(query[:MAX_QUERY_LENGTH])
    if not query:
        return []
    plain = GlossaryTermPage.objects.filter(pk__in=terms.values("pk"))
    ids = [hit.term_id for hit in term_search.search(plain, query)]
    room = ranking.MAX_RESULTS - len(ids)
    if room > 0:
        # The listing shows each term's latest title, which the index does not
        # hold for a draft's changes; and editors type parts of words, as
        # Wagtail's own admin search lets them. Those titles follow the hits.
        titles = plain.filter(draft_title__icontains=query).exclude(pk__in=ids)
        ids += titles.order_by("draft_title").values_list("pk", flat=True)[:room]
    return ids


def search_terms(terms, query, ranked=True):
    """These terms that match ``query``: best first, or in their own order."""
    ids = matching_ids(terms, query)
    found = terms.filter(pk__in=ids)
    if not ranked or not ids:
        return found
    place = Case(
        *(When(pk=pk, then=number) for number, pk in enumerate(ids)),
        output_field=IntegerField(),
    )
    return found.order_by(place)


class TermSearchArea(SearchArea):
    """ "Glossary terms" among the admin's searches, beside "Pages"."""

    def __init__(self):
        super().__init__(
            "Glossary terms",
            reverse("glossary_terms:index"),
            name="glossary-terms",
            icon_name="doc-full",
            # Before Wagtail's "Pages" (100): the first area is where the
            # sidebar's search box goes, so editors search terms from
            # anywhere in the admin; "Pages" is one click away in the
            # listing's "Other searches".
            order=50,
        )

    def is_shown(self, request):
        return can_edit_terms(request.user)
