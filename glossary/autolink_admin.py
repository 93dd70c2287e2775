"""Automatic links in the admin: the edit view's publish, and reverse links.

After a term is published for the first time, or under a new name, the
editor is offered to link it from the live terms that already mention it;
the page behind that offer lists them, with the sentence where each mentions
it, and links and republishes the ones the editor ticks.
"""

from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import LogFormatter

from . import autolink, autolink_reverse
from .models import GlossaryTermPage

URL_NAME = "glossary_auto_links"
# Terms looked at after a publish before the offer is left out: it is a hint,
# and the publish must stay quick.
OFFER_EXAMINED = 100


@hooks.register("before_publish_page")
def link_before_publish(request, page):
    # The edit view hands its new revision to Wagtail's publish action itself,
    # without the page's publish() (where every other publish adds the links).
    revision = getattr(page, "latest_revision", None)
    if isinstance(page, GlossaryTermPage) and revision is not None:
        autolink.link_revision(revision)


@hooks.register("after_publish_page")
def offer_reverse_links(request, page):
    if not isinstance(page, GlossaryTermPage):
        return
    # Only once it is live as published now (not scheduled for later).
    if not page.live or page.live_revision_id != page.latest_revision_id:
        return
    # Cheapest first: most publishes keep the term's names.
    if not autolink_reverse.has_new_names(page) or autolink_reverse.offer_problem(page):
        return
    if not autolink_reverse.mentioning_terms(page, limit=1, examined=OFFER_EXAMINED):
        return
    messages.info(
        request,
        f"Other published terms mention “{page.title}” without linking to it.",
        buttons=[
            messages.button(reverse(URL_NAME, args=[page.pk]), "Choose terms to link")
        ],
    )


class Mention:
    """A live term that mentions the one being linked, as the editor sees it."""

    DRAFT = "draft"
    REFUSED = "refused"
    READY = "ready"

    def __init__(self, page, context, user):
        self.page = page
        self.before, self.mention, self.after = context
        lock = page.get_lock()
        if lock is not None and lock.for_user(user):
            self.state, self.reason = self.REFUSED, "locked for editing"
        elif not page.permissions_for_user(user).can_publish():
            self.state, self.reason = self.REFUSED, "you can't publish it"
        elif page.has_unpublished_changes:
            self.state, self.reason = self.DRAFT, "it has unpublished changes"
        else:
            self.state, self.reason = self.READY, ""

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])


class MentionsView(WagtailAdminTemplateMixin, TemplateView):
    """The terms that mention a term without linking to it, to link at once."""

    template_name = "glossary/autolink/mentions.html"
    header_icon = "link"

    def dispatch(self, request, pk):
        self.term = get_object_or_404(GlossaryTermPage, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return f"Link to “{self.term.title}” from other terms"

    def get_breadcrumbs_items(self):
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.term.pk])
        return [
            *self.breadcrumbs_items,
            {"url": edit_url, "label": self.term.get_admin_display_title()},
            {"url": "", "label": "Link from other terms"},
        ]

    def mentions(self, only=None):
        if self.problem:
            return []
        found = autolink_reverse.mentioning_terms(self.term, only=only)
        return [Mention(page, context, self.request.user) for page, context in found]

    @property
    def problem(self):
        return autolink_reverse.offer_problem(self.term)

    def get_context_data(self, **kwargs):
        mentions = self.mentions()
        by_state = {
            state: [m for m in mentions if m.state == state]
            for state in (Mention.READY, Mention.DRAFT, Mention.REFUSED)
        }
        return {
            **super().get_context_data(**kwargs),
            "term": self.term,
            "problem": self.problem,
            "ready": by_state[Mention.READY],
            "drafts": by_state[Mention.DRAFT],
            "refused": by_state[Mention.REFUSED],
            "listed": len(mentions),
            "more": len(mentions) >= autolink_reverse.MAX_LISTED,
        }

    def post(self, request, pk):
        if self.problem:
            messages.error(request, self.problem)
            return redirect(request.path)
        chosen = {value for value in request.POST.getlist("terms") if value.isdigit()}
        if not chosen:
            messages.error(request, "Choose at least one term to link from.")
            return redirect(request.path)
        linked, left = [], []
        for mention in self.mentions(only=[int(value) for value in chosen]):
            if mention.state != Mention.READY:
                left.append(f"“{mention.page.title}” ({mention.reason})")
            elif autolink_reverse.link_from(self.term, mention.page.pk, request.user):
                linked.append(f"“{mention.page.title}”")
            else:
                left.append(f"“{mention.page.title}” (it changed meanwhile)")
        if linked:
            messages.success(
                request,
                f"Linked to “{self.term.title}” from {len(linked)} "
                f"{'term' if len(linked) == 1 else 'terms'} and published "
                f"{'it' if len(linked) == 1 else 'them'}: {', '.join(linked)}.",
            )
        if left:
            messages.warning(request, f"Not linked: {', '.join(left)}.")
        if not linked and not left:
            messages.warning(
                request,
                "None of the chosen terms needs the link any more: they were "
                "changed or linked meanwhile.",
            )
        return redirect(request.path)


@hooks.register("register_admin_urls")
def register_auto_link_urls():
    return [
        path("glossary/auto-links/<int:pk>/", MentionsView.as_view(), name=URL_NAME),
    ]


@hooks.register("register_log_actions")
def register_auto_link_log_action(actions):
    @actions.register_action(autolink_reverse.LINKED_ACTION)
    class LinkedFromOtherTerm(LogFormatter):
        label = "Automatic link"

        def format_message(self, log_entry):
            title = log_entry.data.get("term", {}).get("title", "?")
            return f"Linked to “{title}” where it is mentioned"
