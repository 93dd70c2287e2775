"""Index field declarations for models the search engine indexes."""

from wagtail.search import index


class ExtractedSearchField(index.SearchField):
    """A SearchField whose text is extracted once per value being indexed.

    The PostgreSQL backend reads every field three times per object (for the
    title, body and autocomplete vectors); for rich text and stream fields
    each read parses the HTML again. The text is kept on the object beside
    the value it came from, and extracted again when the value changes.
    """

    def get_value(self, obj):
        source = getattr(obj, self.field_name, None)
        extracted = obj.__dict__.setdefault("_extracted_search_text", {})
        kept = extracted.get(self.field_name)
        # Rich text is a string, compared by value; a stream is the same
        # object or another one (kept here, so its identity cannot be reused).
        if kept is None or not (
            kept[0] is source or (isinstance(source, str) and kept[0] == source)
        ):
            kept = extracted[self.field_name] = (source, super().get_value(obj))
        return kept[1]
