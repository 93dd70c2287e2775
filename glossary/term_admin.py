"""The term's edit view: Save and publish is one transaction.

Wagtail's edit view saves the draft, publishes it and logs both in a
transaction each. Here they share one, as the view's plain Save already
does: a publish that fails part way (the stored answer, the reference index,
a webhook row) leaves the term exactly as it was; the work the publish
queues for after its commit runs once, for everything it wrote (the terms
linking to it are looked up once, one refresh of their stored answers is
queued); and the editor waits for one commit instead of five.
"""

from django.db import transaction
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.viewsets.pages import PageViewSet

from .models import GlossaryTermPage


class TermEditView(EditView):
    def publish_action(self):
        with transaction.atomic():
            return super().publish_action()


class TermPageViewSet(PageViewSet):
    model = GlossaryTermPage
    name = "glossary_term_pages"
    edit_view_class = TermEditView
