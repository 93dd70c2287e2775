"""The order search and autocomplete promise, from the ranking weights alone.

Readers are told that a title or other name they typed comes before a term
that only mentions their words, an exact name before a longer one, and in
autocomplete titles before other names before words inside titles before
close spellings. These tests hold the weights to that at their extremes, so a
changed constant that breaks the promise fails here, not on some content.
"""

from wagtail.models import Page

from glossary.models import GlossaryTermAlias
from search import ranking
from search.ranking import NameMatch

TITLE_MAX = Page._meta.get_field("title").max_length
OTHER_NAME_MAX = GlossaryTermAlias._meta.get_field("name").max_length


def order(hits):
    return [hit.term_id for hit in ranking.best_hits(hits)]


def test_a_name_match_outranks_the_best_fused_rank():
    hits = {}
    # Term 1 tops both fused lists (full text and typos); term 2 only has an
    # other name starting with the query.
    ranking.fuse(hits, [1])
    ranking.fuse(hits, [1])
    ranking.boost_names(hits, [NameMatch(2, "Micro creator", True)], "micro")
    assert order(hits) == [2, 1]


def test_an_exact_name_outranks_a_longer_one():
    hits = {}
    matches = [
        NameMatch(1, "Reach rate", False),
        NameMatch(2, "Reach", False),
        NameMatch(3, "REACH", True),
    ]
    ranking.boost_names(hits, matches, "reach")
    assert order(hits) == [2, 3, 1]
    assert hits[3].matched_name == "REACH"


def test_an_exact_other_name_explains_the_match():
    hits = {}
    ranking.boost_names(
        hits,
        [NameMatch(1, "Micro creators", True), NameMatch(1, "Micro creator", True)],
        "micro creator",
    )
    assert hits[1].matched_name == "Micro creator"


def test_autocomplete_bands_never_mix():
    query = "re"
    longest_title = query + "x" * (TITLE_MAX - len(query))
    longest_other_name = query + "x" * (OTHER_NAME_MAX - len(query))
    word_in_title = f"a {query}"
    longest_word_in_title = word_in_title + "x" * (TITLE_MAX - len(word_in_title))
    last_fetched = ranking.AUTOCOMPLETE_LIMIT * ranking.AUTOCOMPLETE_OVERFETCH - 1

    assert ranking.title_score(longest_title, query) > ranking.other_name_score(query)
    assert ranking.other_name_score(longest_other_name) > ranking.title_score(
        word_in_title, query
    )
    assert ranking.title_score(
        longest_word_in_title, query
    ) > ranking.close_spelling_score(0)
    assert ranking.close_spelling_score(0) > ranking.close_spelling_score(last_fetched)


def test_a_term_keeps_its_best_suggestion():
    scored = [
        (
            NameMatch(1, "Micro creator", True),
            ranking.other_name_score("Micro creator"),
        ),
        (NameMatch(2, "Nano-influencer", False), ranking.close_spelling_score(0)),
        (
            NameMatch(1, "Micro-influencer", False),
            ranking.title_score("Micro-influencer", "mic"),
        ),
    ]
    best = ranking.best_suggestions(scored, limit=10)
    assert [(match.term_id, match.name) for match in best] == [
        (1, "Micro-influencer"),
        (2, "Nano-influencer"),
    ]
    assert ranking.best_suggestions(scored, limit=1) == [best[0]]
