"""The events an endpoint can subscribe to, named the way receivers see them."""

PAGE_PUBLISHED = "page.published"
PAGE_UNPUBLISHED = "page.unpublished"
PAGE_DELETED = "page.deleted"
PAGE_SLUG_CHANGED = "page.slug_changed"
IMPORT_FINISHED = "import.finished"
SITE_CHANGED = "site.changed"
# Sent only by the "Send test" button, to the one endpoint it was pressed for.
TEST = "webhook.test"

# What editors tick on an endpoint, with the words they see.
SUBSCRIBABLE = {
    PAGE_PUBLISHED: "A page is published, or republished with changes",
    PAGE_UNPUBLISHED: "A page is unpublished",
    PAGE_DELETED: "A page is deleted",
    PAGE_SLUG_CHANGED: "A page's slug changes, and with it the page's web address",
    IMPORT_FINISHED: "An import of glossary terms finishes",
    SITE_CHANGED: "Many pages change at once: a page moved, a privacy setting, "
    "site-wide settings, a category or call to action many pages show",
}
ALL = {**SUBSCRIBABLE, TEST: "Test message"}
