"""Stored API answers: pages whose detail is kept ready instead of rebuilt.

A domain app that keeps its pages' ``GET /api/v2/pages/<id>/`` answers (the
glossary does, for terms) registers a store; the v2 endpoint serves its
detail and listing answers from it when the store has a fresh answer for
every page asked for, and builds them as usual otherwise. A store answers
``details(page_ids, visible_pages, root_id)`` with ``{page id: answer}`` for
the pages it has a fresh answer for, built for the site whose root page is
``root_id`` and as the public sees it.

A store may also answer ``version()``: a token that changes with every
change to any page, site or view restriction (None when it cannot tell).
Under it the v2 endpoint remembers what every public read on a host shares —
the site, the pages the public may see, a listing's count — instead of
asking the database on each request.
"""

_stores = []


def register(store):
    if store not in _stores:
        _stores.append(store)


def details(page_ids, visible_pages, root_id):
    """{page id: stored answer} for the pages some store keeps fresh."""
    found = {}
    for store in _stores:
        missing = [pk for pk in page_ids if pk not in found]
        if not missing:
            break
        found.update(store.details(missing, visible_pages, root_id))
    return found


def version():
    """The content version of the first store that keeps one, or None."""
    for store in _stores:
        answer = getattr(store, "version", None)
        token = answer() if answer is not None else None
        if token is not None:
            return token
    return None
