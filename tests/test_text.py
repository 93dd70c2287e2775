"""Headings and A–Z letters read correctly for real glossary terms."""

import pytest

from glossary.text import (
    default_headings,
    indefinite_article,
    letter_for,
    name_key,
    name_words,
)


@pytest.mark.parametrize(
    ("title", "letter"),
    [
        ("Micro-influencer", "M"),
        ("engagement rate", "E"),
        ("Élite creator programme", "E"),
        ("Ñandú", "N"),
        ("360 video", "#"),
        ("#ad", "A"),
        ("“Quoted” term", "Q"),
        ("Ø-budget", "#"),
        ("Инфлюенсер", "#"),
        ("", "#"),
        ("   ", "#"),
    ],
)
def test_letter_is_unicode_aware(title, letter):
    assert letter_for(title) == letter


@pytest.mark.parametrize(
    ("term", "article"),
    [
        ("Micro-influencer", "a"),
        ("Affiliate link", "an"),
        ("Engagement rate", "an"),
        ("UGC", "a"),
        ("SEO audit", "an"),
        ("FAQ", "an"),
        ("CPM", "a"),
        ("User journey", "a"),
        ("Hourly rate", "an"),
        ("One-link page", "a"),
        ("8-second hook", "an"),
        ("360 video", "a"),
        ("Élite creator programme", "an"),
    ],
)
def test_indefinite_article(term, article):
    assert indefinite_article(term) == article


def test_default_headings_follow_the_issue_wording():
    assert default_headings("Micro-influencer") == {
        "definition": "What is a Micro-influencer?",
        "why_it_matters": "Why is a Micro-influencer important for creators?",
        "examples": "What is an example of a Micro-influencer?",
    }
    assert (
        default_headings("Affiliate link")["definition"] == "What is an Affiliate link?"
    )


def test_editor_chosen_article_wins():
    assert default_headings("UGC", "none")["definition"] == "What is UGC?"
    assert (
        default_headings("Hotel tour", "an")["definition"] == "What is an Hotel tour?"
    )


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (
            ["Micro-influencer", "micro influencers", "Micro Influencer"],
            "micro influencer",
        ),
        (
            ["Micro-creator", "Micro creator", "Micro creators", "micro-creator"],
            "micro creator",
        ),
        (["Café culture", "CAFE CULTURE", "“Café” culture!"], "cafe culture"),
        (["Agencies", "agency"], "agency"),
        (["Hashes", "hash"], "hash"),
        (["Status", "Analysis", "Class"], None),
        (["Ads", "Bus"], None),
        (["MICRO—INFLUENCER", "micro_influencer"], "micro influencer"),
        (["Straße", "strasse"], "strasse"),
        (
            ["Creator fund", "Creator's fund", "Creators’ fund", "CREATOR’S FUND"],
            "creator fund",
        ),
    ],
)
def test_name_key_folds_what_readers_would_call_the_same_name(names, key):
    keys = {name_key(name) for name in names}
    if key is None:
        # Words that only look plural keep their "s".
        assert keys == {name.lower() for name in names}
    else:
        assert keys == {key}


@pytest.mark.parametrize("name", ["!!!", "—", "#", "  ", "", None, "“ ”"])
def test_a_name_of_punctuation_only_has_no_key(name):
    assert name_key(name) == ""


def test_name_words_are_the_folded_words():
    assert name_words("Influencers' rates & Café-fees") == [
        "influencer",
        "rate",
        "cafe",
        "fee",
    ]
