"""What a marketing editor can do in the admin, and the mistakes it stops."""

import datetime
from unittest import mock

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, ReferenceIndex, Workflow
from wagtail.test.utils import WagtailPageTestCase

from glossary.models import (
    GlossaryIndexPage,
    GlossaryRelatedTerm,
    GlossaryTermAlias,
    GlossaryTermPage,
    TermDocument,
)
from home.models import HomePage

from .factories import GlossaryTermPageFactory, build_site, term_form


class EditorTestCase(WagtailPageTestCase):
    def setUp(self):
        self.home, self.index = build_site()
        self.user = self.login()

    def add(self, data, action="action-publish"):
        url = reverse(
            "wagtailadmin_pages:add",
            args=["glossary", "glossarytermpage", self.index.pk],
        )
        return self.client.post(url, {**data, action: action})

    def edit(self, page, data, action="action-publish"):
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        return self.client.post(url, {**data, action: action})

    def form_errors(self, response):
        self.assertEqual(response.status_code, 200, "expected the form again")
        form = response.context["form"]
        errors = {k: [str(e) for e in v] for k, v in form.errors.items()}
        for name, formset in form.formsets.items():
            for i, child in enumerate(formset.forms):
                for field, messages in child.errors.items():
                    errors[f"{name}-{i}-{field}"] = [str(m) for m in messages]
        return errors


class TestPageTree(EditorTestCase):
    def test_terms_live_only_under_the_glossary(self):
        self.assertAllowedParentPageTypes(GlossaryTermPage, {GlossaryIndexPage})
        self.assertAllowedSubpageTypes(GlossaryTermPage, set())
        self.assertAllowedSubpageTypes(GlossaryIndexPage, {GlossaryTermPage})
        self.assertAllowedSubpageTypes(HomePage, {GlossaryIndexPage})

    def test_editor_creates_and_publishes_a_term(self):
        self.assertCanCreate(
            self.index, GlossaryTermPage, term_form(aliases=["Micro creator"])
        )
        term = GlossaryTermPage.objects.get(slug="micro-influencer")
        self.assertTrue(term.live)
        self.assertEqual(term.letter, "M")
        self.assertEqual([a.name for a in term.term_aliases.all()], ["Micro creator"])
        self.assertEqual(
            sorted(t.name for t in term.tags.all()), ["brand deals", "instagram"]
        )

    def test_edit_form_groups_content_relations_and_promote_tabs(self):
        term = GlossaryTermPageFactory(parent=self.index)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[term.pk]))
        self.assertEqual(response.status_code, 200)
        for tab in ("content", "relations", "promote"):
            self.assertContains(response, f'id="tab-label-{tab}"')
        # Scheduling fields live in the status side panel, not a tab.
        self.assertContains(response, 'name="go_live_at"')
        self.assertContains(response, "Aim for 30–60 words")


class TestValidation(EditorTestCase):
    def setUp(self):
        super().setUp()
        self.existing = GlossaryTermPageFactory(
            parent=self.index, title="Engagement rate"
        )
        self.existing.term_aliases = [GlossaryTermAlias(name="ER")]
        self.existing.save()

    def test_title_must_be_unique_ignoring_case(self):
        response = self.add(term_form(title="ENGAGEMENT RATE", slug="engagement-2"))
        self.assertIn("already uses this name", self.form_errors(response)["title"][0])
        self.assertFalse(GlossaryTermPage.objects.filter(slug="engagement-2").exists())

    def test_title_may_not_be_another_terms_alias(self):
        response = self.add(term_form(title="er"))
        self.assertIn("title", self.form_errors(response))

    def test_alias_may_not_be_another_terms_title_or_alias(self):
        response = self.add(term_form(aliases=["engagement Rate", "er"]))
        errors = self.form_errors(response)
        self.assertIn(
            "“Engagement rate” already uses", errors["term_aliases-0-name"][0]
        )
        self.assertIn(
            "“Engagement rate” already uses", errors["term_aliases-1-name"][0]
        )

    def test_alias_may_not_repeat_the_terms_own_names(self):
        response = self.add(term_form(aliases=["Micro creator", "micro  creator"]))
        self.assertIn("term_aliases-1-name", self.form_errors(response))
        response = self.add(term_form(aliases=["micro-influencer"]))
        self.assertIn("term_aliases-0-name", self.form_errors(response))

    def test_related_terms_no_duplicates_and_not_itself(self):
        response = self.add(term_form(related=[self.existing.pk, self.existing.pk]))
        self.assertIn(
            "already in the related terms",
            self.form_errors(response)["related_terms-1-term"][0],
        )
        other = GlossaryTermPageFactory(parent=self.index, title="Reach")
        response = self.edit(other, term_form(title="Reach", related=[other.pk]))
        self.assertIn(
            "cannot be related to itself",
            self.form_errors(response)["related_terms-0-term"][0],
        )

    def test_the_slug_letter_is_kept_for_the_letter_pages(self):
        response = self.add(term_form(title="Letter"))
        errors = self.form_errors(response)["slug"]
        self.assertIn("“letter” is reserved", errors[0])
        self.assertIn("A–Z pages live at …/letter/a/", errors[0])
        self.assertFalse(GlossaryTermPage.objects.filter(slug="letter").exists())
        response = self.edit(
            self.existing,
            term_form(title="Engagement rate", aliases=["ER"], slug="Letter"),
        )
        self.assertIn("“Letter” is reserved", self.form_errors(response)["slug"][0])
        self.existing.refresh_from_db()
        self.assertEqual(self.existing.slug, "engagement-rate")
        # A slug that merely starts with it is fine.
        self.assertCanCreate(
            self.index, GlossaryTermPage, term_form(title="Letter of intent")
        )

    def test_code_cannot_give_a_term_the_slug_letter_either(self):
        with self.assertRaises(ValidationError) as refused:
            self.index.add_child(
                instance=GlossaryTermPage(
                    title="Letter",
                    slug="letter",
                    short_definition="x",
                    definition="<p>x</p>",
                )
            )
        self.assertIn("slug", refused.exception.message_dict)
        self.assertFalse(GlossaryTermPage.objects.filter(slug="letter").exists())

    def test_related_terms_must_be_terms(self):
        response = self.add(term_form(related=[self.index.pk]))
        self.assertIn("related_terms-0-term", self.form_errors(response))

    def test_editing_a_term_keeps_its_own_names_valid(self):
        response = self.edit(
            self.existing, term_form(title="Engagement rate", aliases=["ER"])
        )
        self.assertEqual(response.status_code, 302)

    def test_terms_in_another_glossary_do_not_clash(self):
        # Only one glossary per site: a second site's glossary is separate.
        other_home = HomePage(title="Other", slug="other-home")
        self.home.get_parent().add_child(instance=other_home)
        other_index = other_home.add_child(
            instance=GlossaryIndexPage(title="Glossary", slug="g")
        )
        url = reverse(
            "wagtailadmin_pages:add",
            args=["glossary", "glossarytermpage", other_index.pk],
        )
        response = self.client.post(
            url, {**term_form(title="Engagement rate"), "action-publish": "1"}
        )
        self.assertEqual(response.status_code, 302)

    def test_the_name_check_reads_as_much_in_a_large_glossary_as_a_small_one(self):
        loaded = []
        from_db = GlossaryTermPage.from_db.__func__

        def counting(cls, *args, **kwargs):
            loaded.append(cls)
            return from_db(cls, *args, **kwargs)

        def queries_to_refuse_a_clash():
            """(queries, terms loaded) to refuse a clashing title."""
            loaded.clear()
            with (
                mock.patch.object(GlossaryTermPage, "from_db", classmethod(counting)),
                CaptureQueriesContext(connection) as captured,
            ):
                response = self.add(term_form(title="er", aliases=["Reach"]))
            self.assertIn("title", self.form_errors(response))
            return len(captured), len(loaded)

        queries_to_refuse_a_clash()  # fills Wagtail's cached list of site roots
        small = queries_to_refuse_a_clash()
        for n in range(30):
            term = GlossaryTermPageFactory(parent=self.index, title=f"Word {n}")
            term.term_aliases = [GlossaryTermAlias(name=f"Other word {n}")]
            term.save()
        self.assertEqual(queries_to_refuse_a_clash(), small)

    def test_names_written_by_code_are_checked_too(self):
        """Keys are kept by the models' save, not by the form."""
        term = GlossaryTermPageFactory(parent=self.index, title="Link  In BIO")
        term.term_aliases = [GlossaryTermAlias(name="Bio   LINK")]
        term.save()
        self.assertIn(
            "title", self.form_errors(self.add(term_form(title="link in bio")))
        )
        response = self.add(term_form(title="Profile link", aliases=["bio link"]))
        self.assertIn("term_aliases-0-name", self.form_errors(response))


class TestPublishingWorkflow(EditorTestCase):
    def test_drafts_create_revisions_and_stay_unpublished(self):
        term = GlossaryTermPageFactory(parent=self.index, title="Reach")
        term.save_revision().publish()
        response = self.edit(
            term, term_form(title="Reach", short_definition="Changed."), "action-draft"
        )
        self.assertEqual(response.status_code, 302)
        term.refresh_from_db()
        self.assertNotEqual(term.short_definition, "Changed.")
        self.assertTrue(term.has_unpublished_changes)
        self.assertEqual(
            term.get_latest_revision_as_object().short_definition, "Changed."
        )
        self.assertEqual(term.revisions.count(), 2)

    def test_scheduled_publishing(self):
        go_live = (timezone.now() + datetime.timedelta(days=1)).strftime(
            "%Y-%m-%d %H:%M"
        )
        response = self.add(term_form(title="Future term", go_live_at=go_live))
        self.assertEqual(response.status_code, 302)
        term = GlossaryTermPage.objects.get(slug="future-term")
        self.assertFalse(term.live)
        revision = term.latest_revision
        self.assertIsNotNone(revision.approved_go_live_at)
        # Let the clock "reach" the scheduled time.
        past = timezone.now() - datetime.timedelta(minutes=1)
        revision.approved_go_live_at = past
        revision.content["go_live_at"] = past.isoformat()
        revision.save()
        call_command("publish_scheduled", verbosity=0)
        term.refresh_from_db()
        self.assertTrue(term.live)

    def test_moderation_workflow_applies_to_terms(self):
        workflow = Workflow.objects.get(name="Moderators approval")
        workflow.workflow_pages.get_or_create(page=self.index.get_site().root_page)
        response = self.add(term_form(title="Moderated"), "action-submit")
        self.assertEqual(response.status_code, 302)
        term = GlossaryTermPage.objects.get(slug="moderated")
        self.assertFalse(term.live)
        self.assertEqual(term.current_workflow_state.status, "in_progress")

    def test_locked_term_cannot_be_edited_by_someone_else(self):
        term = GlossaryTermPageFactory(parent=self.index, title="Locked")
        editor = self.create_user("colleague", password="pw")
        term.locked, term.locked_by, term.locked_at = True, editor, timezone.now()
        term.save()
        response = self.edit(term, term_form(title="Locked", short_definition="Sneaky"))
        term.refresh_from_db()
        self.assertNotEqual(term.short_definition, "Sneaky")
        self.assertNotEqual(response.status_code, 500)


class TestPublishFromTheEditForm(EditorTestCase):
    QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def setUp(self):
        super().setUp()
        self.other = GlossaryTermPageFactory(parent=self.index, title="Reach")
        self.term = GlossaryTermPageFactory(parent=self.index, title="Engagement")
        self.term.save_revision().publish()

    def form(self, **fields):
        return term_form(title="Engagement", related=[self.other.pk], **fields)

    def test_a_publish_that_fails_part_way_leaves_the_term_as_it_was(self):
        revisions = self.term.revisions.count()
        with mock.patch(
            "glossary.delivery.documents._build", side_effect=RuntimeError("down")
        ):
            with self.assertRaises(RuntimeError):
                self.edit(self.term, self.form(short_definition="Changed."))
        self.term.refresh_from_db()
        self.assertNotEqual(self.term.short_definition, "Changed.")
        self.assertFalse(self.term.has_unpublished_changes)
        self.assertEqual(self.term.revisions.count(), revisions)
        self.assertFalse(self.term.related_terms.exists())

    def reference_index_tasks(self):
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.filter(
            task_path="wagtail.tasks.update_reference_index_task"
        )

    def test_a_publish_indexes_its_references_itself_and_queues_no_update(self):
        # Wagtail queues one per row saved: the page, its tags, its other
        # names, its related terms; the term's save indexes them all once.
        with self.settings(TASKS=self.QUEUED):
            response = self.edit(self.term, self.form(aliases=["ER"]))
            self.assertEqual(response.status_code, 302)
            self.assertFalse(self.reference_index_tasks().exists())
        related = ReferenceIndex.get_references_to(self.other)
        self.assertEqual([r.object_id for r in related], [str(self.term.pk)])

    def test_a_term_saved_from_code_is_indexed_at_once(self):
        third = GlossaryTermPageFactory(parent=self.index, title="Impressions")
        with self.settings(TASKS=self.QUEUED):
            self.term.related_terms.add(GlossaryRelatedTerm(term=third))
            self.term.save()  # the row and its related terms, as a script would
            self.assertFalse(self.reference_index_tasks().exists())
        related = ReferenceIndex.get_references_to(third)
        self.assertEqual([r.object_id for r in related], [str(self.term.pk)])

    def test_a_draft_save_leaves_the_published_answer_and_the_references_alone(self):
        TermDocument.objects.filter(page=self.term).update(stale=False)
        with self.settings(TASKS=self.QUEUED):
            response = self.edit(self.term, self.form(), "action-draft")
            self.assertEqual(response.status_code, 302)
            self.assertFalse(self.reference_index_tasks().exists())
        self.assertFalse(TermDocument.objects.get(page=self.term).stale)


class TestEditorsGroup(EditorTestCase):
    def setUp(self):
        super().setUp()
        self.editor = self.create_user("editor", password="pw")
        self.editor.groups.add(Group.objects.get(name="Editors"))
        self.client.logout()
        self.client.login(username="editor", password="pw")

    def test_editor_can_create_and_publish_terms(self):
        response = self.add(term_form(title="Editor term"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(GlossaryTermPage.objects.get(slug="editor-term").live)

    def test_editor_manages_categories_and_ctas(self):
        for model in ("glossarycategory", "calltoaction"):
            url = reverse(f"wagtailsnippets_glossary_{model}:add")
            self.assertEqual(self.client.get(url).status_code, 200, model)

    def test_editor_edits_and_locks_terms_but_cannot_delete_them(self):
        term = GlossaryTermPageFactory(parent=self.index, title="Reach")
        perms = term.permissions_for_user(self.editor)
        self.assertTrue(perms.can_edit())
        self.assertTrue(perms.can_lock())
        self.assertFalse(perms.can_delete())
        delete = reverse("wagtailadmin_pages:delete", args=[term.pk])
        self.client.post(delete)
        self.assertTrue(GlossaryTermPage.objects.filter(pk=term.pk).exists())
        bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        self.client.post(f"{bulk}?id={term.pk}")
        self.assertTrue(GlossaryTermPage.objects.filter(pk=term.pk).exists())

    def test_editor_cannot_edit_the_home_or_glossary_page(self):
        for page in (self.home, self.index):
            perms = page.permissions_for_user(self.editor)
            self.assertFalse(perms.can_edit(), page)
            self.assertFalse(perms.can_publish(), page)
            self.assertFalse(perms.can_delete(), page)
            self.assertFalse(perms.can_move(), page)
            edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            self.assertNotEqual(edit.status_code, 200, page)
        # Adding terms under the glossary is still theirs.
        self.assertTrue(self.index.permissions_for_user(self.editor).can_add_subpage())

    def test_editor_cannot_change_site_settings(self):
        for app, model in [("glossary", "glossarysettings"), ("seo", "seosettings")]:
            url = reverse("wagtailsettings:edit", args=[app, model])
            response = self.client.get(url)
            self.assertIn(response.status_code, (302, 403))
            self.assertNotEqual(response.status_code, 200)


class TestRelatedTermOrder(EditorTestCase):
    def test_order_is_the_editors(self):
        a, b, c = (GlossaryTermPageFactory(parent=self.index, title=t) for t in "ABC")
        a.related_terms = [GlossaryRelatedTerm(term=c), GlossaryRelatedTerm(term=b)]
        a.save()
        self.assertEqual([r.term.title for r in a.related_terms.all()], ["C", "B"])


class TestSiteManagersGroup(EditorTestCase):
    def setUp(self):
        super().setUp()
        self.manager = self.create_user("manager", password="pw")
        self.manager.groups.add(Group.objects.get(name="Site managers"))

    def test_site_manager_deletes_terms_and_edits_home_and_glossary(self):
        term = GlossaryTermPageFactory(parent=self.index, title="Reach")
        self.assertTrue(term.permissions_for_user(self.manager).can_delete())
        for page in (self.home, self.index):
            self.assertTrue(page.permissions_for_user(self.manager).can_edit(), page)
        self.client.logout()
        self.client.login(username="manager", password="pw")
        delete = reverse("wagtailadmin_pages:delete", args=[term.pk])
        self.client.post(delete)
        self.assertFalse(GlossaryTermPage.objects.filter(pk=term.pk).exists())

    def test_site_manager_changes_site_settings(self):
        self.client.logout()
        self.client.login(username="manager", password="pw")
        url = reverse("wagtailsettings:edit", args=["glossary", "glossarysettings"])
        response = self.client.get(url, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "/admin/settings/glossary/glossarysettings/", response.request["PATH_INFO"]
        )

    def test_site_manager_changes_seo_settings(self):
        url = reverse("wagtailsettings:edit", args=["seo", "seosettings"])
        self.client.logout()
        self.client.login(username="manager", password="pw")
        response = self.client.get(url, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="title_suffix"')

    def test_a_new_glossary_page_is_open_to_editors(self):
        editors = Group.objects.get(name="Editors")
        rights = GroupPagePermission.objects.filter(group=editors, page=self.index)
        self.assertEqual(
            sorted(rights.values_list("permission__codename", flat=True)),
            ["add_page", "change_page", "lock_page", "publish_page"],
        )
        self.assertFalse(
            GroupPagePermission.objects.filter(group=editors, page__depth=1)
        )
