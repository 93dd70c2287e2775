"""Fill the glossary with generated terms, for load and performance testing."""

import itertools
import random
from contextlib import contextmanager

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from glossary.models import (
    GlossaryCategory,
    GlossaryIndexPage,
    GlossaryRelatedTerm,
    GlossaryTermAlias,
    GlossaryTermPage,
)

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


@contextmanager
def bulk_indexing():
    """Skip per-page search and reference indexing; rebuild both once at the end."""
    post_save.disconnect(post_save_signal_handler, sender=GlossaryTermPage)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.connect(post_save_signal_handler, sender=GlossaryTermPage)
    call_command("update_index", verbosity=0)
    call_command("rebuild_references_index", verbosity=0)


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
        categories = list(GlossaryCategory.objects.all())
        if index is None or not categories:
            raise CommandError("Run load_sample_content first.")
        existing = GlossaryTermPage.objects.child_of(index)
        taken = {title.casefold() for title in existing.values_list("title", flat=True)}
        wanted = count - len(taken)
        if wanted <= 0:
            self.stdout.write(f"The glossary already holds {len(taken)} terms.")
            return
        rng = random.Random(seed)
        fresh = (t for t in titles() if t.casefold() not in taken)
        recent = list(existing.order_by("-pk").values_list("pk", flat=True)[:50])
        now = timezone.now()
        made = 0
        with bulk_indexing():
            for title in itertools.islice(fresh, wanted):
                with transaction.atomic():
                    page = self._term(rng, title, categories, recent, now)
                    index.add_child(instance=page)
                recent = [page.pk, *recent[:49]]
                made += 1
                if made % 1000 == 0:
                    self.stdout.write(f"  {made} of {wanted} terms added")
            self.stdout.write(f"Added {made} generated terms; indexing them.")

    def _term(self, rng, title, categories, recent, now):
        short = " ".join(sentence(rng, title, rng.randint(12, 18)) for _ in range(2))
        link = (
            f'<a linktype="page" id="{rng.choice(recent)}">a related idea</a>'
            if recent
            else "a related idea"
        )
        page = GlossaryTermPage(
            title=title,
            short_definition=short,
            definition=f"<p>{short}</p><p>{sentence(rng, title, 40)} See {link}.</p>",
            why_it_matters=f"<p>{sentence(rng, title, 50)}</p>",
            examples=[
                (
                    "example",
                    {
                        "title": f"{title} in practice",
                        "body": f"<p>{sentence(rng, title, 45)}</p>",
                    },
                )
            ],
            category=rng.choice(categories),
            first_published_at=now,
            last_published_at=now,
        )
        page.tags.add(*{f"topic {rng.randrange(200)}" for _ in range(3)})
        page.term_aliases = [
            GlossaryTermAlias(name=f"{title} ({rng.choice(WORDS)})"),
        ]
        page.related_terms = [
            GlossaryRelatedTerm(term_id=pk)
            for pk in rng.sample(recent, min(3, len(recent)))
        ]
        return page
