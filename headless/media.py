"""Uploaded images served by the CMS itself when they live under MEDIA_ROOT.

With object storage configured (README, "Media") the storage's own URLs are
handed out and this view is never reached. Documents are not served here:
Wagtail's ``/documents/`` view applies their privacy settings.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import Http404
from django.views.static import serve

# Wagtail's folders for original images and their renditions.
IMAGE_FOLDERS = ("original_images/", "images/")
MAX_AGE = 86400


def _storage_is_local():
    return isinstance(storages["default"], FileSystemStorage)


def serve_image(request, path):
    # Judge the path as the file system will read it: "images/../documents/x"
    # starts with an image folder but is a document.
    parts = path.replace("\\", "/").split("/")
    if "\x00" in path or ".." in parts or not path.startswith(IMAGE_FOLDERS):
        raise Http404("no such image")
    if not _storage_is_local():
        raise Http404("images are served by the object storage")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response
