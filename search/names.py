"""Titles and other names: the rows prefix and typo matching read.

Both index readers match titles the same way, each on its own rows (index
rows on PostgreSQL, pages elsewhere), and read other names from the same
table, so the queries are written once here.
"""

from django.db.models import Case, Q, Value, When

from .ranking import NameMatch


def other_names(terms):
    """Other names of these terms (and of no other page)."""
    # The model names its relation, so that search needs no glossary import.
    relation = terms.model.search_other_names
    aliases = terms.model._meta.get_field(relation).related_model
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


def matching_titles(rows, id_field, title_field, patterns, limit, prefix=None):
    """Up to ``limit`` titles matching any (lookup, value) pattern.

    Titles starting with ``prefix`` come first, then A–Z; the id settles
    equal titles so that the order never follows a query plan.
    """
    condition = Q()
    for lookup, value in patterns:
        condition |= Q(**{f"{title_field}__{lookup}": value})
    rows = rows.filter(condition)
    order = [title_field, id_field]
    if prefix:
        starts = Q(**{f"{title_field}__istartswith": prefix})
        rows = rows.annotate(later=Case(When(starts, then=Value(0)), default=Value(1)))
        order.insert(0, "later")
    rows = rows.order_by(*order).values_list(id_field, title_field)[:limit]
    return [NameMatch(int(pk), title, False) for pk, title in rows]
