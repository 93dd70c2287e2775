"""A glossary term: one page per term, with its sections, relations and SEO."""

from contextlib import contextmanager, nullcontext
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import (
    CommentPanel,
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PublishingPanel,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import COMMENTS_RELATION_NAME, Page
from wagtail.rich_text import expand_db_html
from wagtail.search import index

from headless.frontend import FrontendURLMixin
from headless.preview import PreviewMixin
from headless.sanitize import RichTextAPIField
from search.fields import ExtractedSearchField
from seo import checks, schema_org
from seo.api import SEO_API_FIELDS
from seo.models import SOCIAL_IMAGE_SPEC, SEOMixin

from .. import serializers
from ..blocks import SECTION_FEATURES, BodyBlock, ExamplesBlock
from ..forms import GlossaryTermForm
from ..letters import reserved_slug_problem
from ..signals import term_publishing
from ..text import ARTICLE_CHOICES, default_headings, letter_for
from ..text import name_key as clash_key
from .relations import GlossaryRelatedTerm, GlossaryTermAlias, GlossaryTermTag
from .site_settings import GlossarySettings
from .snippets import CallToAction, GlossaryCategory

_saving = ContextVar("saving_term", default=None)


# Saves of a term's row that leave what it shows, and what it references, as
# they were: Wagtail stamps these when a draft is saved (with the editors'
# comments, which no answer shows), locked or scheduled.
BOOKKEEPING_FIELDS = frozenset(
    {
        COMMENTS_RELATION_NAME,
        "draft_title",
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "go_live_at",
        "expire_at",
    }
)


def saving_term_id():
    """The id of the term whose save is under way in this context, if any."""
    return _saving.get()


def bookkeeping_only(update_fields):
    return update_fields is not None and set(update_fields) <= BOOKKEEPING_FIELDS


@contextmanager
def _references_indexed_once(page, update_fields):
    """The term's reference index entries brought up to date once, with the save.

    Wagtail queues an update after each row saved: the page's, and each
    tag, other name, related term and skipped term written with it (five
    tasks, each re-reading the whole term, for a typical publish). Here the
    whole save is indexed once, in its own transaction rather than when the
    task worker gets to it: the next change to a term this one links to must
    find this one (``glossary.delivery.changes.linking_terms``). A save of
    bookkeeping fields alone changes no reference. Where Wagtail's switch is
    off already, it is left off (switching it back on is its owner's).
    """
    # Not at the top: these need the models loaded.
    from wagtail.models import ReferenceIndex
    from wagtail.signal_handlers import (
        disable_reference_index_auto_update,
        reference_index_auto_update_disabled,
    )

    if getattr(reference_index_auto_update_disabled, "value", False):
        rows_unindexed = nullcontext()
    else:
        rows_unindexed = disable_reference_index_auto_update()
    with transaction.atomic(), rows_unindexed:
        yield
        if not bookkeeping_only(update_fields):
            ReferenceIndex.create_or_update_for_object(page)


class GlossaryTermPage(FrontendURLMixin, PreviewMixin, SEOMixin, Page):
    """One glossary entry: definition, why it matters, examples and a call to action."""

    base_form_class = GlossaryTermForm

    article = models.CharField(
        max_length=4,
        choices=ARTICLE_CHOICES,
        blank=True,
        default="",
        help_text="The word before the term in headings. Leave on automatic unless "
        "the headings read wrongly, e.g. choose “No article” for “What is UGC?”.",
    )
    short_definition = models.TextField(
        max_length=600,
        help_text="The one-paragraph answer to “What is …?”, in plain words. Aim for "
        "30–60 words: search engines show it as the page description and in "
        "answer boxes.",
    )
    definition = RichTextField(
        features=SECTION_FEATURES,
        help_text="The rest of the answer under “What is …?”. The short definition "
        "is shown just above it, so carry on from it with detail: how it works, "
        "where the name comes from. Don't repeat the short definition.",
    )
    why_it_matters = RichTextField(
        features=SECTION_FEATURES,
        blank=True,
        help_text="Under “Why is … important for creators?”: how the term affects "
        "a creator's reach, income or work.",
    )
    examples = StreamField(
        ExamplesBlock(),
        blank=True,
        help_text="Under “What is an example of …?”: one or more real-world examples.",
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="Optional extra sections after the examples: more text, FAQs, "
        "quotes, images or another call to action.",
    )
    definition_heading = models.CharField(
        max_length=150,
        blank=True,
        help_text="Leave empty to use “What is a …?” phrased from the term.",
    )
    why_it_matters_heading = models.CharField(
        max_length=150,
        blank=True,
        help_text="Leave empty to use “Why is … important for creators?”.",
    )
    examples_heading = models.CharField(
        max_length=150,
        blank=True,
        help_text="Leave empty to use “What is an example of …?”.",
    )
    category = models.ForeignKey(
        GlossaryCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="terms",
        help_text="The broad topic this term belongs to; readers can browse by it.",
    )
    tags = ClusterTaggableManager(
        through=GlossaryTermTag,
        blank=True,
        help_text="Keywords that connect terms across categories, e.g. “instagram”, "
        "“pricing”. Press Enter after each tag.",
    )
    cta = models.ForeignKey(
        CallToAction,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="call to action",
        help_text="The prompt at the end of the page. Leave empty to use the "
        "site's default call to action.",
    )
    letter = models.CharField(
        max_length=1,
        editable=False,
        db_index=True,
        default="#",
        help_text="The A–Z section this term is listed under, worked out "
        "from the title.",
    )
    # The title as clashes with other names are judged (glossary.text.name_key),
    # indexed so that a save checks for clashes without reading every term.
    name_key = models.CharField(
        max_length=255, editable=False, db_index=True, default=""
    )
    auto_link = models.BooleanField(
        default=True,
        verbose_name="link other terms automatically",
        help_text="When the term is published, the first mention of each other "
        "published term in the definition, why it matters and the examples "
        "becomes a link to that term. Untick to place every link yourself.",
    )
    # The terms this page linked to automatically at its last publish, so that
    # a link the editor deleted is noticed and not put back.
    auto_linked_terms = models.JSONField(default=list, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="reviewer",
        help_text="Who last checked this term for accuracy.",
    )
    last_reviewed_at = models.DateField(
        null=True,
        blank=True,
        verbose_name="last reviewed",
        help_text="When the term was last checked for accuracy.",
    )

    content_panels = [
        TitleFieldPanel(
            "title",
            help_text="The term itself, as readers search for it, "
            "e.g. “Micro-influencer”.",
        ),
        FieldPanel("short_definition"),
        FieldPanel("definition"),
        FieldPanel("why_it_matters"),
        FieldPanel("examples"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("article"),
                FieldPanel("definition_heading"),
                FieldPanel("why_it_matters_heading"),
                FieldPanel("examples_heading"),
            ],
            heading="Section headings",
            help_text="Headings are written for you from the term. Change them only "
            "when the automatic wording reads badly.",
            classname="collapsed",
        ),
    ]
    relations_panels = [
        FieldPanel("category"),
        FieldPanel("tags"),
        InlinePanel("term_aliases", heading="Other names", label="Other name"),
        InlinePanel("related_terms", heading="Related terms", label="Related term"),
        FieldPanel("cta"),
        MultiFieldPanel(
            [
                FieldPanel("auto_link"),
                InlinePanel(
                    "auto_link_skips",
                    heading="Never link automatically to",
                    label="Term",
                ),
            ],
            heading="Automatic links",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("reviewed_by"), FieldPanel("last_reviewed_at")]
                )
            ],
            heading="Accuracy review",
        ),
    ]
    promote_panels = SEOMixin.promote_panels
    settings_panels = [PublishingPanel(), CommentPanel()]

    search_fields = Page.search_fields + [
        index.SearchField("short_definition"),
        ExtractedSearchField("definition"),
        ExtractedSearchField("why_it_matters"),
        ExtractedSearchField("examples"),
        ExtractedSearchField("body"),
        index.RelatedFields(
            "term_aliases", [index.SearchField("name"), index.AutocompleteField("name")]
        ),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("letter"),
        index.FilterField("category"),
    ]

    api_fields = [
        APIField("short_definition"),
        APIField("letter"),
        APIField("headings", serializer=serializers.HeadingsField(source="*")),
        APIField("definition", serializer=RichTextAPIField()),
        APIField("why_it_matters", serializer=RichTextAPIField()),
        APIField("examples"),
        APIField("body"),
        APIField(
            "aliases", serializer=serializers.AliasNamesField(source="term_aliases")
        ),
        APIField("category", serializer=serializers.CategoryField()),
        APIField("tags", serializer=serializers.TagNamesField(source="tagged_items")),
        APIField("related_terms", serializer=serializers.RelatedTermsField()),
        APIField("cta", serializer=serializers.EffectiveCTAField(source="*")),
        APIField("reviewed_by", serializer=serializers.ReviewerField()),
        APIField("last_reviewed_at"),
        *SEO_API_FIELDS,
    ]

    parent_page_types = ["glossary.GlossaryIndexPage"]
    subpage_types = []

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(relations_panels, heading="Relations"),
            ObjectList(promote_panels, heading="Promote"),
            ObjectList(settings_panels, heading="Settings"),
        ],
    )

    class Meta:
        verbose_name = "glossary term"

    @property
    def headings(self):
        automatic = default_headings(self.title, self.article)
        return {
            "definition": self.definition_heading or automatic["definition"],
            "why_it_matters": self.why_it_matters_heading
            or automatic["why_it_matters"],
            "examples": self.examples_heading or automatic["examples"],
        }

    seo_fallback_label = "the short definition"
    # The relation holding other names, for search/ (which cannot import us).
    search_other_names = "term_aliases"

    def seo_fallback_description(self):
        return self.short_definition

    def seo_content_checks(self):
        return checks.defined_term_checks(
            self.short_definition, len(self.examples), self.related_terms.all()
        )

    def effective_cta(self, request=None):
        """The term's own call to action, or its site's default."""
        if self.cta_id:
            return self.cta
        site_settings = (
            GlossarySettings.for_request(request)
            if request is not None
            else GlossarySettings.for_site(self.get_site())
        )
        return site_settings.default_cta

    def permissions_for_user(self, user):
        # Deleting a term is the Site managers' job (glossary/permissions.py).
        from ..permissions import GlossaryPermissionTester

        return GlossaryPermissionTester(user, self)

    def faqs(self):
        """(question, answer HTML) for each FAQ block in the extra sections."""
        return [
            (block.value["question"], expand_db_html(block.value["answer"].source))
            for block in self.body
            if block.block_type == "faq"
        ]

    def json_ld(self, request=None):
        return schema_org.defined_term(
            self,
            request,
            description=self.short_definition,
            other_names=[alias.name for alias in self.term_aliases.all()],
            faqs=self.faqs(),
        )

    def full_clean(self, *args, **kwargs):
        self.letter = letter_for(self.title or "")
        self.name_key = clash_key(self.title)[:255]
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        # Here rather than in the form: every save checks it, in the admin
        # (where it shows on the slug field) and from code alike.
        problem = reserved_slug_problem(self.slug)
        if problem:
            raise ValidationError({"slug": problem})

    def save(self, *args, **kwargs):
        self.letter = letter_for(self.title or "")
        self.name_key = clash_key(self.title)[:255]
        # Its tags, other names and related terms are written within this
        # save: what they change is this save's to announce (saving_term_id).
        token = _saving.set(self.pk)
        try:
            with _references_indexed_once(self, kwargs.get("update_fields")):
                return super().save(*args, **kwargs)
        finally:
            _saving.reset(token)

    def publish(self, revision, *args, **kwargs):
        # Scheduled publishing, workflow approval, bulk publishing and the
        # create view come through here (the edit view publishes its revision
        # through the action directly: glossary.autolink_admin covers it).
        # One transaction, so a refused publish leaves the revision unchanged.
        with transaction.atomic():
            term_publishing.send(sender=type(self), instance=self, revision=revision)
            return super().publish(revision, *args, **kwargs)

    @classmethod
    def prefetch_for_api(cls, queryset, public_pages):
        """Everything the API serialises, fetched in a fixed number of queries."""
        return queryset.select_related(
            "category", "cta", "reviewed_by", "locale", "social_image"
        ).prefetch_related(
            # In the editor's order; rows written without one keep the order
            # they were made in, the same on every database.
            Prefetch(
                "term_aliases",
                queryset=GlossaryTermAlias.objects.order_by("sort_order", "pk"),
            ),
            Prefetch(
                "social_image__renditions",
                queryset=get_image_model()
                .get_rendition_model()
                .objects.filter(filter_spec=SOCIAL_IMAGE_SPEC),
            ),
            Prefetch(
                "tagged_items", queryset=GlossaryTermTag.objects.select_related("tag")
            ),
            Prefetch(
                "related_terms",
                queryset=GlossaryRelatedTerm.objects.filter(
                    term__in=public_pages.values("pk")
                )
                .select_related("term")
                .order_by("sort_order", "pk"),
                to_attr="public_related_terms",
            ),
        )
