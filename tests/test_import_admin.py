"""Import and export in the admin: upload, dry run, confirm, report; downloads."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from glossary.models import GlossaryImport, GlossaryTermPage
from glossary.transfer import exporter

from .factories import user_in


@pytest.fixture
def editor(client, glossary):
    user = user_in("Editors", "editor")
    client.force_login(user)
    return user


def upload(client, content, name="terms.json", **fields):
    return client.post(
        reverse("glossary_import:index"),
        {"file": SimpleUploadedFile(name, content), **fields},
    )


def terms_file(*titles):
    return json.dumps(
        {
            "terms": [
                {
                    "title": title,
                    "short_definition": f"{title} in brief.",
                    "definition": f"<p>{title} at length.</p>",
                }
                for title in titles
            ]
        }
    ).encode()


def test_upload_check_confirm_and_report(client, editor):
    response = upload(client, terms_file("Reach", "Impressions"), publish="on")
    job = GlossaryImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("glossary_import:job", args=[job.pk])
    assert (
        job.status == GlossaryImport.CHECKED and not GlossaryTermPage.objects.exists()
    )

    page = client.get(response["Location"]).content.decode()
    assert "2 created" in page and "Import and publish" in page

    response = client.post(reverse("glossary_import:job", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == GlossaryImport.DONE and job.data == b""
    assert set(GlossaryTermPage.objects.live().values_list("slug", flat=True)) == {
        "reach",
        "impressions",
    }
    entry = GlossaryTermPage.objects.get(slug="reach").latest_revision
    assert entry.user == editor
    report = client.get(reverse("glossary_import:job", args=[job.pk])).content.decode()
    assert "Imported" in report and "http-equiv" not in report

    # Confirming again imports nothing more.
    client.post(reverse("glossary_import:job", args=[job.pk]))
    assert GlossaryTermPage.objects.count() == 2


def test_a_file_with_problems_shows_them_and_offers_no_import(client, editor):
    upload(client, json.dumps([{"title": "Reach"}]).encode())
    job = GlossaryImport.objects.get()
    assert job.status == GlossaryImport.REFUSED
    page = client.get(reverse("glossary_import:job", args=[job.pk])).content.decode()
    assert "Row 1, “short_definition”: is missing" in page
    assert "Import as drafts" not in page
    client.post(reverse("glossary_import:job", args=[job.pk]))
    assert not GlossaryTermPage.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("terms.txt", b"x", "Use a .json, .csv or .xlsx file."),
        ("terms.csv", b"", "The submitted file is empty."),
    ],
)
def test_the_upload_form_refuses_what_it_cannot_read(
    client, editor, name, content, error
):
    response = upload(client, content, name=name)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not GlossaryImport.objects.exists()


def test_a_changed_glossary_between_check_and_confirm_is_checked_again(
    client, editor, make_term
):
    upload(client, terms_file("Reach"))
    job = GlossaryImport.objects.get()
    make_term(title="Reach", slug="reach-2")  # takes the title meanwhile
    client.post(reverse("glossary_import:job", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == GlossaryImport.REFUSED
    assert "already used by the term “Reach”" in " ".join(job.report["problems"])
    assert GlossaryTermPage.objects.count() == 1


def importer_without(page_permission, glossary):
    """A user who may import and holds every page right on the glossary but one."""
    group = Group.objects.create(name=f"Importers without {page_permission}")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["import_terms", "access_admin"])
    )
    for codename in {"add_page", "change_page", "publish_page"} - {page_permission}:
        GroupPagePermission.objects.create(
            group=group,
            page=glossary,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = user_in(None, f"importer-{page_permission}")
    user.groups.add(group)
    return user


def test_importing_needs_the_right_to_add_terms(client, glossary):
    client.force_login(importer_without("add_page", glossary))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Import terms" not in home
    assert client.get(reverse("glossary_import:index")).status_code == 302
    upload(client, terms_file("Reach"))
    assert not GlossaryImport.objects.exists()


def test_publishing_needs_publish_permission(client, glossary):
    user = importer_without("publish_page", glossary)
    client.force_login(user)
    form = client.get(reverse("glossary_import:index")).content.decode()
    assert 'name="publish"' not in form
    upload(client, terms_file("Reach"), publish="on")
    job = GlossaryImport.objects.get()
    assert not job.publish
    job.publish = True
    job.save()
    client.post(reverse("glossary_import:job", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == GlossaryImport.CHECKED
    assert not GlossaryTermPage.objects.exists()


def test_users_without_the_permission_see_neither_menu_item_nor_pages(client, glossary):
    user = user_in("Moderators", "moderator")
    client.force_login(user)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Import terms" not in home and "Export terms" not in home
    for url in (reverse("glossary_import:index"), reverse("glossary_export:index")):
        assert client.get(url).status_code == 302
    listing = reverse("glossary_terms:index")
    assert client.get(listing).status_code == 200
    response = client.get(listing + "?export=json")
    assert "Content-Disposition" not in response


def test_editors_see_import_and_export_in_the_glossary_menu(client, editor):
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Import terms" in home and "Export terms" in home


def test_export_page_downloads_the_whole_glossary(client, editor, terms):
    response = client.get(reverse("glossary_export:index") + "?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="glossary-')
    assert response.content == exporter.export("csv")


def test_the_terms_listing_exports_what_it_shows(client, editor, terms):
    listing = reverse("glossary_terms:index")
    page = client.get(listing + "?category=" + str(terms["micro"].category_id))
    assert page.status_code == 200
    assert "Export these terms as JSON" in page.content.decode()
    response = client.get(
        listing + f"?category={terms['micro'].category_id}&export=json"
    )
    slugs = [term["slug"] for term in json.loads(response.content)["terms"]]
    assert slugs == ["micro-influencer", "nano-influencer"]
    response = client.get(listing + "?q=affiliate&export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("job_id", ["0", "99999", str(2**64)])
def test_an_import_that_does_not_exist_is_a_404(client, editor, job_id):
    response = client.get(f"/admin/glossary/import/{job_id}/")
    assert response.status_code == 404


def test_checked_files_nobody_confirms_are_dropped_after_a_day(client, editor):
    upload(client, terms_file("Reach"))
    job = GlossaryImport.objects.get()
    client.get(reverse("glossary_import:index"))
    assert GlossaryImport.objects.filter(pk=job.pk).exists()
    GlossaryImport.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    client.get(reverse("glossary_import:index"))
    assert not GlossaryImport.objects.filter(pk=job.pk).exists()
