"""Build the site and its glossary, and import the sample terms; safe to run again."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from glossary.models import (
    CallToAction,
    GlossaryCategory,
    GlossaryIndexPage,
    GlossarySettings,
    GlossaryTermPage,
)
from glossary.sample import content
from glossary.sample.social_image import social_card
from glossary.transfer.writer import ImportRefused, write
from home.models import HomePage
from seo.models import SEOSettings

TERMS_FILE = Path(content.__file__).with_name("terms.json")


class Command(BaseCommand):
    help = (
        "Create the home page, the glossary, its categories and calls to action, "
        "the SEO settings (site name, title suffix, a default social image), "
        "and import the sample terms (glossary/sample/terms.json) into an empty "
        "glossary. Anything that already exists is left exactly as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-terms",
            action="store_true",
            help="Build the site, categories and calls to action only, ready for "
            "importing a glossary of your own.",
        )

    @transaction.atomic
    def handle(self, *args, without_terms=False, **options):
        home = self._home()
        index = self._index(home)
        for name, slug, description in content.CATEGORIES:
            GlossaryCategory.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description}
            )
        ctas = {
            data["name"]: CallToAction.objects.get_or_create(
                name=data["name"], defaults=data
            )[0]
            for data in content.CTAS
        }
        site = Site.objects.get(is_default_site=True)
        site_settings = GlossarySettings.for_site(site)
        if site_settings.default_cta_id is None:
            site_settings.default_cta = ctas[content.DEFAULT_CTA]
            site_settings.save()
        self._seo_settings(site)

        existing = GlossaryTermPage.objects.child_of(index).count()
        if without_terms:
            self.stdout.write("Sample site ready, without sample terms.")
            return
        if existing:
            self.stdout.write(
                f"Sample content ready: the glossary already holds {existing} "
                "terms, so no sample terms were imported."
            )
            return
        try:
            report = write(
                TERMS_FILE.read_bytes(), TERMS_FILE.name, publish=True, index=index
            )
        except ImportRefused as refused:
            problems = "\n".join(str(p) for p in refused.report.problems)
            raise CommandError(f"The sample terms do not import:\n{problems}") from None
        self.stdout.write(
            f"Sample content ready: {report.counts()['created']} terms imported."
        )

    def _seo_settings(self, site):
        """Site name, title suffix and social image, unless any was ever set."""
        seo = SEOSettings.for_site(site)
        if seo.site_name or seo.title_suffix or seo.default_social_image_id:
            return
        image_model = get_image_model()
        image = image_model.objects.filter(title=content.SOCIAL_IMAGE_TITLE).first()
        if image is None:
            image = image_model.objects.create(
                title=content.SOCIAL_IMAGE_TITLE,
                file=social_card(content.SITE_NAME, content.TAGLINE),
            )
        seo.site_name = content.SITE_NAME
        seo.title_suffix = content.TITLE_SUFFIX
        seo.default_social_image = image
        seo.save()

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
