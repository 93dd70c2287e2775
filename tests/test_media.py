"""Every image URL the API hands out answers, from MEDIA_ROOT or from object storage."""

import json
from pathlib import Path
from urllib.parse import urlsplit

import boto3
import pytest
from moto import mock_aws
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from .processes import run_django


@pytest.fixture
def term(make_term, image):
    return make_term(title="Creator fund", slug="creator-fund", social_image=image)


def image_urls(client, term):
    """Every image URL in a term's API answers: SEO image and renditions."""
    detail = client.get(f"/api/glossary/terms/{term.slug}/").json()
    urls = [detail["seo"]["image"]]
    for example in detail["examples"]:
        renditions = (example["value"].get("image") or {}).get("renditions", {})
        urls += [rendition["url"] for rendition in renditions.values()]
    return urls


def test_images_in_the_api_are_served_by_the_cms(client, term, image, settings):
    term.examples = [
        ("example", {"title": "Payout", "body": "<p>Monthly.</p>", "image": image})
    ]
    term.save_revision().publish()
    urls = image_urls(client, term)
    assert len(urls) == 4
    original = image.file.url
    for url in [*urls, settings.WAGTAILADMIN_BASE_URL + original]:
        assert url.startswith(settings.WAGTAILADMIN_BASE_URL + "/media/")
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("image/")
        assert "max-age" in response["Cache-Control"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        body = b"".join(response.streaming_content)
        assert body[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"GIF8", b"RIFF")


@pytest.mark.parametrize(
    "path",
    [
        "/media/original_images/../../manage.py",
        "/media/original_images/%2e%2e/%2e%2e/manage.py",
        "/media/images/..%2f..%2fmanage.py",
        "/media/documents/contract.pdf",
        "/media/original_images/",
        "/media/original_images/missing.png",
        "/media/original_images/a%00.png",
        "/media/%C3%A9lite.png",
        "/media/../cms/settings/base.py",
        "/media/images/../documents/contract.pdf",
        "/media/images/%2e%2e/documents/contract.pdf",
        "/media/original_images/..%2fdocuments/contract.pdf",
        "/media/images/..%5cdocuments%5ccontract.pdf",
    ],
)
def test_nothing_but_images_leaves_the_media_folder(client, db, path, settings):
    documents = Path(settings.MEDIA_ROOT) / "documents"
    documents.mkdir(parents=True, exist_ok=True)
    (documents / "contract.pdf").write_bytes(b"%PDF-1.4 private")
    response = client.get(path)
    assert response.status_code in (400, 404)  # 400: a path out of the folder
    assert b"private" not in b"".join(getattr(response, "streaming_content", []))


@pytest.fixture
def bucket(settings, monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-1")
        s3.create_bucket(
            Bucket="glossary-media",
            CreateBucketConfiguration={"LocationConstraint": "eu-west-1"},
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": "glossary-media",
                    "region_name": "eu-west-1",
                    "custom_domain": "media.glossary.example.com",
                    "querystring_auth": False,
                    "file_overwrite": False,
                },
            },
        }
        yield s3


def test_object_storage_holds_images_and_renditions(client, make_term, bucket):
    image = get_image_model().objects.create(
        title="Fund", file=get_test_image_file(size=(1600, 900))
    )
    term = make_term(title="Creator fund", slug="creator-fund", social_image=image)
    url = image_urls(client, term)[0]
    assert url.startswith("https://media.glossary.example.com/images/")
    stored = {
        item["Key"]
        for item in bucket.list_objects_v2(Bucket="glossary-media")["Contents"]
    }
    assert urlsplit(url).path.lstrip("/") in stored
    assert image.file.name in stored
    # The CMS does not serve what lives in the bucket.
    assert client.get(f"/media/{image.file.name}").status_code == 404


def test_object_storage_is_configured_from_the_environment():
    script = (
        "import django, json; django.setup()\n"
        "from django.conf import settings\n"
        "print(json.dumps([settings.STORAGES['default'],"
        " settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]))\n"
    )
    result = run_django(
        "cms.settings.dev",
        *("-c", script),
        env={
            "AWS_STORAGE_BUCKET_NAME": "glossary-media",
            "AWS_S3_ENDPOINT_URL": "https://objects.example.net",
            "AWS_S3_CUSTOM_DOMAIN": "media.glossary.example.com",
        },
    )
    assert result.returncode == 0, result.stderr
    storage, image_sources = json.loads(result.stdout)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "glossary-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://objects.example.net"
    assert storage["OPTIONS"]["querystring_auth"] is False
    assert "https://media.glossary.example.com" in image_sources
    assert "https://objects.example.net" in image_sources
