"""What every page of a site shares in search results and on social networks."""

from functools import cached_property

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images import get_image_model_string
from wagtail.models import Site

from headless.frontend import absolute_cms_url

# Every social image the API hands out: the size Facebook, LinkedIn and X
# show large.
SOCIAL_IMAGE_SPEC = "fill-1200x630"
# Characters a title suffix starts with to set itself apart ("— Brand", "| Brand").
SUFFIX_SEPARATORS = " -–—|:·•"


def social_image_url(image):
    """The absolute URL of an image's social crop, or None without an image."""
    if image is None:
        return None
    return absolute_cms_url(image.get_rendition(SOCIAL_IMAGE_SPEC).url)


@register_setting(icon="globe")
class SEOSettings(BaseSiteSetting):
    """Site-wide defaults for titles and shares: site name, title suffix, image."""

    site_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="The site's name as social networks show it beside a shared "
        "link, e.g. “Creator Glossary”. Leave empty to use the name under "
        "Settings → Sites.",
    )
    title_suffix = models.CharField(
        max_length=60,
        blank=True,
        help_text="Added after every page's title in browser tabs and search "
        "results, e.g. “— Creator Glossary”; start it with the separator you "
        "want. Shares on social networks show the title without it. Leave "
        "empty to add nothing.",
    )
    default_social_image = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The picture shown when a page without a social image of its "
        "own is shared. Use a landscape image of at least 1200×630 pixels.",
    )

    select_related = ["site", "default_social_image"]
    panels = [
        FieldPanel("site_name"),
        FieldPanel("title_suffix"),
        FieldPanel("default_social_image"),
    ]

    class Meta:
        verbose_name = "SEO settings"

    @classmethod
    def for_page(cls, page, request=None):
        """The settings of the site a page is read from.

        With a request, its site's (read once per request, as every page an
        API answer holds is of that site); otherwise the page's own site (a
        new page's once it has an address, ``SEOMixin.seo_place_under``), or
        the default site for a page without one. Unsaved, empty
        settings when there is no site at all.
        """
        if request is not None:
            try:
                return cls.for_request(request)
            except cls.DoesNotExist:  # no site answers for this host
                return cls()
        site = page.get_site() if page.url_path else None
        if site is None:
            site = Site.objects.filter(is_default_site=True).first()
        return cls.for_site(site) if site is not None else cls()

    def name(self):
        """The site's name for ``og:site_name``, or None when it has none."""
        if self.site_name:
            return self.site_name
        return (self.site.site_name if self.site_id else "") or None

    def full_title(self, title):
        """``title`` as ``<title>`` prints it: with the suffix, unless it ends so.

        A title that already ends with the site's name (the home page's, or an
        SEO title that names the brand) does not get it twice.
        """
        suffix, brand = self.title_suffix_parts()
        if not suffix or not title:
            return title
        if brand and title.casefold().endswith(brand.casefold()):
            return title
        return f"{title} {suffix}"

    def title_suffix_parts(self):
        """(the suffix as added, the brand in it that a title may end with).

        The Promote tab's live count follows the same rule as
        :meth:`full_title`, from these two.
        """
        suffix = self.title_suffix.strip()
        return suffix, suffix.strip(SUFFIX_SEPARATORS)

    @cached_property
    def default_image_url(self):
        # Once per request however many pages of the answer fall back on it.
        return social_image_url(self.default_social_image)

    def image_url(self, own_image):
        """The page's own social image, else the site's default, as a URL."""
        if own_image is not None:
            return social_image_url(own_image)
        return self.default_image_url
