"""Fill the glossary with generated terms, for load and performance testing.

The terms are written as a glossary file and imported and published through
the same importer as any other file (``glossary/transfer/``).
"""

import itertools
import json
import random

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from glossary.models import (
    GlossaryCategory,
    GlossaryIndexPage,
    GlossaryTermAlias,
    GlossaryTermPage,
)
from glossary.text import name_key
from glossary.transfer.lookups import Lookups
from glossary.transfer.progress import Progress
from glossary.transfer.writer import ImportRefused, write

MODIFIERS = (
    "Affiliate Audience Brand Channel Community Content Conversion Creator Email "
    "Engagement Fan Follower Growth Influencer Launch Link Live Media Membership "
    "Merch Mobile Newsletter Niche Organic Partner Podcast Post Profile Promo "
    "Reach Referral Reel Revenue Sponsor Story Stream Subscriber Traffic Video "
    "Viral"
).split()
NOUNS = (
    "audit benchmark budget calendar campaign cap churn cohort cycle dashboard "
    "deal discount drop experiment feed floor funnel gap goal hook index kit "
    "lift loop metric mix moment pipeline pitch plan playbook pool premium "
    "pricing quota rate ratio score segment share signal spike split strategy "
    "tier trend value velocity window"
).split()
QUALIFIERS = ["", "model", "report", "test", "tracker", "window"]
WORDS = (
    "creators brands audiences followers platforms posts videos links profiles "
    "sales clicks views comments shares partners campaigns results numbers "
    "growth trust income content newsletters members subscribers reach"
).split()


def sentence(rng, title, length):
    words = [rng.choice(WORDS) for _ in range(length)]
    words.insert(rng.randrange(len(words)), title.lower())
    return " ".join(words).capitalize() + "."


def titles():
    for modifier, noun, qualifier in itertools.product(MODIFIERS, NOUNS, QUALIFIERS):
        yield " ".join(part for part in (modifier, noun, qualifier) if part)


class Command(BaseCommand):
    help = (
        "Add generated terms to the glossary until it holds --count terms. Needs "
        "the site and glossary from load_sample_content."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, count, seed, **options):
        index = GlossaryIndexPage.objects.first()
        categories = list(GlossaryCategory.objects.values_list("slug", flat=True))
        if index is None or not categories:
            raise CommandError("Run load_sample_content first.")
        existing = GlossaryTermPage.objects.child_of(index)
        held = existing.count()
        wanted = count - held
        if wanted <= 0:
            self.stdout.write(f"The glossary already holds {held} terms.")
            return
        # Titles and other names in use: a generated title must not clash.
        taken = {
            name_key(name)
            for name in [
                *existing.values_list("title", flat=True),
                *GlossaryTermAlias.objects.filter(page__in=existing).values_list(
                    "name", flat=True
                ),
            ]
        }
        rng = random.Random(seed)
        self.index_path = Lookups(index).index_path
        fresh = (t for t in titles() if name_key(t) not in taken)
        recent = list(existing.order_by("-pk").values_list("slug", flat=True)[:50])
        documents = []
        for title in itertools.islice(fresh, wanted):
            document = self._term(rng, title, categories, recent)
            documents.append(document)
            recent = [document["slug"], *recent[:49]]
        data = json.dumps({"terms": documents}).encode()
        try:
            report = write(
                data,
                "generated.json",
                publish=True,
                index=index,
                progress=Progress(self.stdout, "Adding terms"),
            )
        except ImportRefused as refused:
            problems = "\n".join(str(p) for p in refused.report.problems[:20])
            raise CommandError(f"Generated terms do not import:\n{problems}") from None
        self.stdout.write(f"Added {report.counts()['created']} generated terms.")

    def _term(self, rng, title, categories, recent):
        slug = slugify(title)
        short = " ".join(sentence(rng, title, rng.randint(12, 18)) for _ in range(2))
        link = (
            f'<a href="{self.index_path}{rng.choice(recent)}/">a related idea</a>'
            if recent
            else "a related idea"
        )
        return {
            "title": title,
            "slug": slug,
            "short_definition": short,
            "definition": f"<p>{short}</p><p>{sentence(rng, title, 40)} "
            f"See {link}.</p>",
            "why_it_matters": f"<p>{sentence(rng, title, 50)}</p>",
            "examples": [
                {
                    "title": f"{title} in practice",
                    "body": f"<p>{sentence(rng, title, 45)}</p>",
                }
            ],
            "category": rng.choice(categories),
            "tags": sorted({f"topic {rng.randrange(200)}" for _ in range(3)}),
            "aliases": [f"{title} ({rng.choice(WORDS)})"],
            "related_terms": rng.sample(recent, min(3, len(recent))),
        }
