"""What the sample glossary's terms point at: its categories and calls to action,
and the site's SEO settings.

The terms themselves are ``terms.json`` beside this file, a glossary file that
``load_sample_content`` imports like any other (README, "Import and export").
"""

CATEGORIES = [
    (
        "Audience & influence",
        "audience",
        "Who follows a creator, and how much sway they have.",
    ),
    (
        "Metrics & analytics",
        "metrics",
        "The numbers creators and brands use to judge content.",
    ),
    ("Monetization", "monetization", "The ways creators turn attention into income."),
    (
        "Content & platforms",
        "content",
        "Formats, features and habits of the social platforms.",
    ),
    (
        "Profile & tools",
        "tools",
        "The pages and tools that make up a creator's home base.",
    ),
]

CTAS = [
    {
        "name": "Sign-up — create profile",
        "heading": "Put everything you make in one link",
        "text": "Build a free profile in minutes and share it from every platform you use.",
        "button_label": "Create your profile now",
        "url": "https://example.com/signup",
        "app_store_url": "https://apps.apple.com/app/id000000000",
        "play_store_url": "https://play.google.com/store/apps/details?id=com.example.app",
    },
    {
        "name": "App download",
        "heading": "Manage your link in bio on the go",
        "text": "Update links, check clicks and add products from your phone.",
        "button_label": "Download the app",
        "url": "https://example.com/app",
        "app_store_url": "https://apps.apple.com/app/id000000000",
        "play_store_url": "https://play.google.com/store/apps/details?id=com.example.app",
    },
]
DEFAULT_CTA = "Sign-up — create profile"

# SEO settings: how the site names itself in titles and shares.
SITE_NAME = "Creator Glossary"
TITLE_SUFFIX = "— Creator Glossary"
SOCIAL_IMAGE_TITLE = "Creator Glossary social card"
TAGLINE = "Plain-language answers to the words creators hear every day."
