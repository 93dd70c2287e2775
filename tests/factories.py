"""Factories for the page tree and glossary content used across the suite."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from glossary.models import (
    CallToAction,
    GlossaryCategory,
    GlossaryIndexPage,
    GlossarySettings,
    GlossaryTermPage,
)
from home.models import HomePage
from seo.models import SEOSettings


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryCategory

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class CallToActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallToAction

    name = factory.Sequence(lambda n: f"CTA {n}")
    heading = "Start growing today"
    text = "Join free."
    button_label = "Create your profile now"
    url = "https://example.com/signup"


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Home"


class GlossaryIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GlossaryIndexPage

    title = "Glossary"
    slug = "glossary"


class GlossaryTermPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GlossaryTermPage

    title = factory.Sequence(lambda n: f"Term {n}")
    slug = factory.LazyAttribute(lambda o: o.title.lower().replace(" ", "-"))
    short_definition = factory.LazyAttribute(
        lambda o: f"{o.title} explained in one line."
    )
    definition = factory.LazyAttribute(lambda o: f"<p>{o.title} in full.</p>")
    why_it_matters = "<p>It matters.</p>"


def build_site():
    """Root → HomePage (default site) → GlossaryIndexPage; returns (home, index)."""
    root = Page.get_first_root_node()
    # Replace the welcome page (and its site) that Wagtail's migrations create.
    Page.objects.filter(depth=2).delete()
    root.refresh_from_db()
    home = HomePageFactory(parent=root, slug="home")
    site = Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True
    )
    # A site's settings rows are made on first read; made here, two requests
    # a live server answers at once never race to create them.
    GlossarySettings.for_site(site)
    SEOSettings.for_site(site)
    index = GlossaryIndexPageFactory(parent=home)
    return home, index


def set_default_cta(cta):
    settings = GlossarySettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_cta = cta
    settings.save()
    return settings


def term_form(title="Micro-influencer", aliases=(), related=(), skips=(), **fields):
    """The POST data the admin's term edit form sends."""
    data = {
        "title": title,
        "slug": fields.pop("slug", title.lower().replace(" ", "-")),
        "short_definition": "A creator with a small, loyal audience.",
        "definition": rich_text("<p>A creator with 10k–100k followers.</p>"),
        "why_it_matters": rich_text("<p>Brands like them.</p>"),
        "examples": streamfield([]),
        "body": streamfield([]),
        "term_aliases": inline_formset([{"name": name} for name in aliases]),
        "related_terms": inline_formset([{"term": pk} for pk in related]),
        "auto_link": fields.pop("auto_link", "on"),
        "auto_link_skips": inline_formset([{"term": pk} for pk in skips]),
        "comments": inline_formset([]),
        "tags": "instagram, brand deals",
        **fields,
    }
    return nested_form_data(data)


def user_in(group_name, username):
    """A user named ``username``, in the group ``group_name`` if one is given."""
    user = get_user_model().objects.create_user(username, f"{username}@x.test", "pw")
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user
