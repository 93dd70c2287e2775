"""Build the site, its glossary and the sample terms; safe to run again."""

import re

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site

from glossary.models import (
    CallToAction,
    GlossaryCategory,
    GlossaryIndexPage,
    GlossaryRelatedTerm,
    GlossarySettings,
    GlossaryTermAlias,
    GlossaryTermPage,
)
from glossary.sample import content
from home.models import HomePage

LINK = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]")


class Command(BaseCommand):
    help = (
        "Create the home page, the glossary and the sample terms. Anything that "
        "already exists is left exactly as it is."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        home = self._home()
        index = self._index(home)
        categories = {
            slug: GlossaryCategory.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description}
            )[0]
            for name, slug, description in content.CATEGORIES
        }
        ctas = {
            data["name"]: CallToAction.objects.get_or_create(
                name=data["name"], defaults=data
            )[0]
            for data in content.CTAS
        }
        site_settings = GlossarySettings.for_site(
            Site.objects.get(is_default_site=True)
        )
        if site_settings.default_cta_id is None:
            site_settings.default_cta = ctas[content.DEFAULT_CTA]
            site_settings.save()

        existing = {
            t.title.casefold(): t for t in GlossaryTermPage.objects.child_of(index)
        }
        created = [
            self._create_term(index, data, categories)
            for data in content.TERMS
            if data["title"].casefold() not in existing
        ]
        terms = {t.title: t for t in GlossaryTermPage.objects.child_of(index)}
        for page, data in created:
            self._finish_term(page, data, terms)
        self.stdout.write(
            f"Sample content ready: {len(terms)} terms ({len(created)} added this run)."
        )

    def _home(self):
        site = (
            Site.objects.filter(is_default_site=True)
            .select_related("root_page")
            .first()
        )
        if site and isinstance(site.root_page.specific, HomePage):
            return site.root_page.specific
        root = Page.get_first_root_node()
        home = HomePage.objects.first()
        if home is None:
            home = root.add_child(
                instance=HomePage(
                    title="Creator Glossary",
                    slug="creator-glossary-home",
                    intro="<p>Plain-language answers to the words creators "
                    "hear every day.</p>",
                )
            )
            home.save_revision().publish()
        if site is None:
            site = Site(
                hostname="localhost",
                port=80,
                is_default_site=True,
                site_name="Creator Glossary",
            )
        old_root = site.root_page if site.pk else None
        site.root_page = home
        site.save()
        # Wagtail's placeholder welcome page is replaced, never real content.
        if (
            old_root
            and old_root.pk != home.pk
            and old_root.depth == 2
            and not old_root.numchild
        ):
            if type(old_root.specific) is Page:
                old_root.delete()
        return home

    def _index(self, home):
        index = GlossaryIndexPage.objects.child_of(home).first()
        if index is None:
            index = home.add_child(
                instance=GlossaryIndexPage(
                    title="Glossary",
                    slug="glossary",
                    intro="<p>Every term a creator meets, from affiliate links to "
                    "user-generated content, explained with real examples.</p>",
                )
            )
            index.save_revision().publish()
        return index

    def _create_term(self, index, data, categories):
        page = GlossaryTermPage(
            title=data["title"],
            article=data.get("article", ""),
            short_definition=data["short_definition"],
            definition=f"<p>{data['short_definition']}</p>",
            category=categories[data["category"]],
            definition_heading=data.get("definition_heading", ""),
            why_it_matters_heading=data.get("why_it_matters_heading", ""),
        )
        page.tags.add(*data["tags"])
        page.term_aliases = [
            GlossaryTermAlias(name=name, sort_order=place)
            for place, name in enumerate(data["aliases"])
        ]
        index.add_child(instance=page)
        return page, data

    def _finish_term(self, page, data, terms):
        def link(match):
            target = terms[match.group(1)]
            text = match.group(2) or match.group(1)
            return f'<a linktype="page" id="{target.pk}">{text}</a>'

        page.definition = LINK.sub(
            link, f"<p>{data['short_definition']}</p>{data['definition']}"
        )
        page.why_it_matters = LINK.sub(link, data["why_it_matters"])
        page.examples = [
            ("example", {"title": title, "body": LINK.sub(link, body)})
            for title, body in data["examples"]
        ]
        page.body = [
            ("faq", {"question": q, "answer": a}) for q, a in data.get("faq", [])
        ]
        page.related_terms = [
            GlossaryRelatedTerm(term=terms[title], sort_order=place)
            for place, title in enumerate(data["related"])
        ]
        page.save_revision().publish()
