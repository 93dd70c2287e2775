"""Titles and other names: the rows prefix and typo matching read.

The portable readers match titles on the pages and other names in their own
table with the queries written here. The PostgreSQL reader writes the same
matches in its own SQL (``postgres``), from the patterns and the relation
defined here.
"""

from django.db.models import Case, Q, Value, When

from .ranking import NameMatch


def other_name_relation(model):
    """The relation from a term model to its other names (a reverse foreign key).

    The model names it, so that search needs no glossary import.
    """
    return model._meta.get_field(model.search_other_names)


def other_names(terms):
    """Other names of these terms (and of no other page)."""
    aliases = other_name_relation(terms.model).related_model
    return aliases.objects.filter(page__in=terms.values("pk"))


def other_names_starting_with(terms, query, limit):
    """Up to ``limit`` other names of these terms starting with the query, A–Z."""
    rows = (
        other_names(terms)
        .filter(name__istartswith=query)
        .order_by("name", "pk")
        .values_list("page_id", "name")[:limit]
    )
    return [NameMatch(pk, name, True) for pk, name in rows]


def suggested_title_patterns(query):
    """(lookup, value) of the titles autocomplete offers for what was typed.

    Titles starting with the query, and titles with a later word starting
    with it ("influ" → "Micro-influencer").
    """
    return [
        ("istartswith", query),
        ("icontains", f" {query}"),
        ("icontains", f"-{query}"),
    ]


def matching_titles(terms, patterns, limit, prefix=None):
    """Up to ``limit`` titles of these terms matching any (lookup, value) pattern.

    Titles starting with ``prefix`` come first, then A–Z; the id settles
    equal titles so that the order never follows a query plan.
    """
    condition = Q()
    for lookup, value in patterns:
        condition |= Q(**{f"title__{lookup}": value})
    rows = terms.filter(condition)
    order = ["title", "pk"]
    if prefix:
        starts = Q(title__istartswith=prefix)
        rows = rows.annotate(later=Case(When(starts, then=Value(0)), default=Value(1)))
        order.insert(0, "later")
    rows = rows.order_by(*order).values_list("pk", "title")[:limit]
    return [NameMatch(pk, title, False) for pk, title in rows]
