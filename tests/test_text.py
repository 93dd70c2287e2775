"""Headings and A–Z letters read correctly for real glossary terms."""

import pytest

from glossary.text import default_headings, indefinite_article, letter_for


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
