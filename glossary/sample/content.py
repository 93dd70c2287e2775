"""Sample glossary content for a link-in-bio company, written for this project.

``[[Term title]]`` inside HTML becomes a link to that term once it exists.
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


def term(
    title, category, tags, aliases, short, definition, why, examples, related, **extra
):
    return {
        "title": title,
        "category": category,
        "tags": tags,
        "aliases": aliases,
        "short_definition": short,
        "definition": definition,
        "why_it_matters": why,
        "examples": examples,
        "related": related,
        **extra,
    }


TERMS = [
    term(
        "Micro-influencer",
        "audience",
        ["instagram", "tiktok", "brand deals"],
        ["Micro influencer", "Micro-creator"],
        "A micro-influencer is a creator with roughly 10,000 to 100,000 followers who has "
        "built a close, trusting audience around a specific niche. Brands work with them "
        "because their recommendations feel personal, their engagement is usually higher "
        "than large accounts, and their fees are far lower.",
        "<p>A micro-influencer sits between a [[Nano-influencer]] and a macro account. "
        "What defines them is less the exact follower count than the relationship: they "
        "answer comments, know their regulars and post about one clear topic.</p>",
        "<p>Micro-influencers prove that a creator does not need a huge audience to earn. "
        "Brands often prefer several of them over one celebrity, because a focused "
        "audience converts better and each post costs less.</p>",
        [
            (
                "A running coach promotes a shoe launch",
                "<p>A coach with 40,000 followers posts three honest training runs in a new shoe "
                "and shares a discount code from her link in bio. The brand tracks sales per "
                "code and renews the deal the next season.</p>",
            )
        ],
        ["Nano-influencer", "Engagement rate", "Brand deal"],
    ),
    term(
        "Nano-influencer",
        "audience",
        ["instagram", "community"],
        ["Nano influencer", "Nano creator"],
        "A nano-influencer is a creator with fewer than about 10,000 followers whose "
        "audience is made up largely of friends, neighbours and people who share a very "
        "narrow interest. They trade reach for trust: followers treat their "
        "recommendations almost like advice from someone they know.",
        "<p>Nano-influencers are often just starting out, or deliberately stay small and "
        "local. Many are paid in products rather than fees.</p>",
        "<p>Everyone starts as a nano-influencer. Learning to serve a small audience well "
        "builds the habits, and the [[Media kit]], that win bigger deals later.</p>",
        [
            (
                "A neighbourhood café recommendation",
                "<p>A home baker with 3,000 local followers reviews a new café. The café sees "
                "the post mentioned by customers all week, which no billboard could match.</p>",
            )
        ],
        ["Micro-influencer", "Community", "Gifting"],
    ),
    term(
        "Engagement rate",
        "metrics",
        ["analytics", "instagram", "tiktok"],
        ["ER", "Engagement ratio"],
        "Engagement rate is the share of people who interact with a piece of content — "
        "by liking, commenting, sharing or saving it — compared with how many followers "
        "the creator has or how many people saw it. It is the most common quick measure "
        "of how much an audience actually cares.",
        "<p>The usual formula is total interactions divided by followers (or by "
        "[[Reach]]), multiplied by 100. Because formulas differ, always say which one "
        "you used.</p>",
        "<p>Brands read engagement rate before follower count. A high rate tells them your "
        "audience listens, which is what they are paying for.</p>",
        [
            (
                "Working it out for one post",
                "<p>A post gets 900 likes, 60 comments and 40 saves on an account with 20,000 "
                "followers: (900 + 60 + 40) ÷ 20,000 × 100 = 5% engagement rate.</p>",
            )
        ],
        ["Reach", "Impressions", "Micro-influencer"],
        faq=[
            (
                "What is a good engagement rate?",
                "<p>It depends on platform and size, but 1–3% is typical for large accounts "
                "and 4–8% is common for smaller, focused ones.</p>",
            ),
            (
                "Do saves and shares count?",
                "<p>Yes. Many creators weight them higher than likes, because they signal "
                "stronger interest.</p>",
            ),
        ],
    ),
    term(
        "Link in bio",
        "tools",
        ["profile", "instagram", "traffic"],
        ["Link-in-bio", "Bio link"],
        "A link in bio is the single clickable web address a social profile allows in "
        "its biography section. Creators usually point it at a landing page that lists "
        "all their important links — shop, newsletter, latest video, booking page — so "
        "one link can send followers anywhere.",
        "<p>Platforms that do not allow links in captions make the bio link the main "
        "exit to the wider web, which is why “link in bio” became a phrase in its "
        "own right.</p>",
        "<p>It is often the only path from a post to a sale or sign-up. A clear, fast "
        "link-in-bio page raises [[Click-through rate]] on everything a creator "
        "publishes.</p>",
        [
            (
                "One link, five destinations",
                "<p>A musician's bio link opens a page with tour dates, a pre-save link for "
                "the new single, merch, a fan newsletter and a booking form.</p>",
            )
        ],
        ["Landing page", "Click-through rate", "Call to action"],
        faq=[
            (
                "Can I have more than one link in my bio?",
                "<p>Most platforms allow one or a few. A link-in-bio page lets that one link "
                "lead to as many destinations as you need.</p>",
            ),
        ],
    ),
    term(
        "User-generated content",
        "content",
        ["ugc", "brand deals"],
        ["UGC", "User generated content"],
        "User-generated content, or UGC, is any photo, video, review or post about a "
        "brand made by customers or creators rather than by the brand itself. Brands "
        "repost it or pay creators to make it because it looks and feels more genuine "
        "than traditional advertising.",
        "<p>UGC creators are often paid to produce videos the brand runs on its own "
        "channels, without posting them to their own audience at all.</p>",
        "<p>UGC is a way to earn from content skills alone, without a large following, "
        "and a strong UGC portfolio doubles as a [[Media kit]].</p>",
        [
            (
                "An unboxing video for a brand's ads",
                "<p>A creator films a 30-second unboxing of a skincare set. The brand pays a "
                "flat fee and uses the clip in its paid ads for three months.</p>",
            )
        ],
        ["Brand deal", "Usage rights", "Media kit"],
        article="none",
    ),
    term(
        "Affiliate link",
        "monetization",
        ["affiliate", "commission"],
        ["Referral link", "Affiliate URL"],
        "An affiliate link is a tracked web address that records when a creator's "
        "followers buy something through it, so the creator earns a commission on each "
        "sale. The tracking code inside the link tells the shop which creator sent the "
        "customer.",
        "<p>Affiliate programmes set the commission rate and how long after a click a "
        "purchase still counts, known as the cookie window.</p>",
        "<p>Affiliate links let creators earn from recommendations they would make "
        "anyway, and income grows with every post that keeps sending clicks.</p>",
        [
            (
                "A desk-setup video",
                "<p>A tech creator lists the keyboard, lamp and chair from a desk tour in their "
                "link in bio, each with an affiliate link that pays 5% of every sale.</p>",
            )
        ],
        ["Diversified income", "Link in bio", "Conversion rate"],
    ),
    term(
        "Brand deal",
        "monetization",
        ["brand deals", "sponsorship"],
        ["Sponsorship", "Brand partnership", "Sponsored post"],
        "A brand deal is a paid agreement in which a company pays a creator to feature "
        "its product or message in their content. The deal sets what will be posted, "
        "where and when, how it is disclosed, what it costs and what the brand may do "
        "with the content afterwards.",
        "<p>Deals range from a single post to long-term ambassador roles. The agreed "
        "terms are usually written down in a short contract or brief.</p>",
        "<p>Brand deals are the largest income source for many creators. Knowing your "
        "[[Engagement rate]] and [[Rate card]] lets you price them with confidence.</p>",
        [
            (
                "A three-post campaign",
                "<p>A travel creator agrees to one reel and two stories for a luggage brand, "
                "disclosed as an ad, for a fixed fee plus 60 days of ad usage.</p>",
            )
        ],
        ["Rate card", "Media kit", "Sponsored content disclosure"],
    ),
    term(
        "CPM",
        "metrics",
        ["advertising", "pricing"],
        ["Cost per mille", "Cost per thousand impressions"],
        "CPM, short for cost per mille, is the price an advertiser pays for one thousand "
        "impressions of an ad or sponsored post. It lets brands compare the cost of "
        "reaching people across creators and platforms with different audience sizes.",
        "<p>CPM = cost ÷ [[Impressions]] × 1,000. Platforms also quote RPM, which is "
        "what the creator earns per thousand views after the platform's share.</p>",
        "<p>When a brand asks for your rates, they are often comparing your price to a "
        "CPM they already pay elsewhere. Quoting in those terms speeds up deals.</p>",
        [
            (
                "Pricing a video",
                "<p>A brand pays $600 for a video expected to get 40,000 views: "
                "600 ÷ 40,000 × 1,000 = a $15 CPM.</p>",
            )
        ],
        ["Impressions", "Rate card", "Ad revenue share"],
        article="a",
    ),
    term(
        "Media kit",
        "monetization",
        ["brand deals", "portfolio"],
        ["Press kit", "Creator media kit"],
        "A media kit is a short document or web page that introduces a creator to brands: "
        "who they are, what they make, who their audience is, key statistics such as "
        "followers and engagement rate, past partnerships and how to get in touch. It "
        "is the creator's sales brochure.",
        "<p>Good media kits are one or two pages, updated monthly and easy to link from "
        "a bio page.</p>",
        "<p>A brand decides in minutes whether to reply. A clear media kit answers their "
        "questions before they ask them, which wins more — and better-paid — deals.</p>",
        [
            (
                "A one-page kit",
                "<p>A food creator's kit shows audience age and location, average views per "
                "reel, three past campaigns with results and a link to her [[Rate card]].</p>",
            )
        ],
        ["Rate card", "Brand deal", "Engagement rate"],
    ),
    term(
        "Creator fund",
        "monetization",
        ["platform payouts", "tiktok", "youtube"],
        ["Creator program", "Creator rewards"],
        "A creator fund is a pool of money a social platform sets aside to pay creators "
        "for popular content, usually based on views and engagement. Eligibility rules "
        "such as minimum followers, age and location decide who can join.",
        "<p>Payouts depend on the fund's size and how many creators share it, so "
        "earnings per view can change from month to month.</p>",
        "<p>Creator funds reward content directly, but rarely pay enough alone. Most "
        "creators treat them as one stream beside [[Brand deal|brand deals]] and "
        "[[Affiliate link|affiliate income]].</p>",
        [
            (
                "Monthly payout",
                "<p>A comedy creator with several viral sketches receives a few hundred dollars "
                "from a platform fund in a month with ten million views.</p>",
            )
        ],
        ["Ad revenue share", "Brand deal", "Diversified income"],
    ),
    term(
        "Reach",
        "metrics",
        ["analytics"],
        ["Unique reach"],
        "Reach is the number of different people who saw a piece of content at least "
        "once. Unlike impressions, each person is counted only once, however many times "
        "they viewed it, so reach shows how far content actually travelled.",
        "<p>Platforms report reach for posts, stories and whole accounts over a period.</p>",
        "<p>Reach shows whether content is finding new people. Rising reach with steady "
        "followers often means the algorithm is recommending you.</p>",
        [
            (
                "Reach versus impressions",
                "<p>A story is viewed 5,000 times by 3,200 different people: reach is 3,200, "
                "[[Impressions]] are 5,000.</p>",
            )
        ],
        ["Impressions", "Engagement rate", "Algorithm"],
        article="none",
    ),
    term(
        "Impressions",
        "metrics",
        ["analytics", "advertising"],
        ["Views", "Impression count"],
        "Impressions are the total number of times a piece of content was shown on "
        "screen, counting repeat views by the same person. They measure exposure, and "
        "are the basis of how advertisers price campaigns.",
        "<p>Because one person can create many impressions, impressions are always equal "
        "to or higher than [[Reach]].</p>",
        "<p>Brands buying awareness think in impressions; quoting them with your "
        "[[CPM]] makes your offer easy to compare.</p>",
        [
            (
                "A pinned post",
                "<p>A pinned post shown 12,000 times to 7,000 people has 12,000 impressions.</p>",
            )
        ],
        ["Reach", "CPM"],
        article="none",
        definition_heading="What are Impressions?",
        why_it_matters_heading="Why are Impressions important for creators?",
    ),
    term(
        "Click-through rate",
        "metrics",
        ["analytics", "traffic"],
        ["CTR"],
        "Click-through rate, or CTR, is the percentage of people who clicked a link "
        "after seeing it. It is calculated as clicks divided by impressions, times 100, "
        "and shows how well a post, button or link persuades people to take the next step.",
        "<p>On a link-in-bio page, CTR compares clicks on each link with visits to the "
        "page.</p>",
        "<p>A higher CTR means more visits to your shop, newsletter or latest release "
        "from the same audience, without posting more.</p>",
        [
            (
                "Testing two button labels",
                "<p>“Shop the look” gets 8% CTR and “See products” 5%, so the creator keeps "
                "the first.</p>",
            )
        ],
        ["Conversion rate", "Link in bio", "Call to action"],
        article="a",
    ),
    term(
        "Conversion rate",
        "metrics",
        ["analytics", "sales"],
        ["CVR", "Conversion ratio"],
        "Conversion rate is the percentage of visitors who complete a goal — buying, "
        "subscribing or signing up — after arriving from a link. It shows how well the "
        "page behind a link turns interest into action.",
        "<p>Conversion rate = conversions ÷ visitors × 100. It follows naturally after "
        "[[Click-through rate]] in the path from post to sale.</p>",
        "<p>Brands pay more for creators whose audiences convert, and affiliate income "
        "rises directly with it.</p>",
        [
            (
                "Newsletter sign-ups",
                "<p>500 followers visit a sign-up page and 75 subscribe: a 15% conversion "
                "rate.</p>",
            )
        ],
        ["Click-through rate", "Affiliate link", "Landing page"],
    ),
    term(
        "Landing page",
        "tools",
        ["profile", "traffic"],
        ["Link page"],
        "A landing page is a single web page built for one purpose that visitors arrive "
        "at from a link, ad or post. For creators it is often their link-in-bio page, a "
        "product page or a sign-up form, designed so visitors know exactly what to do next.",
        "<p>Good landing pages load fast, have one main [[Call to action]] and match the "
        "promise of the link that brought visitors there.</p>",
        "<p>Every click a creator earns ends on a landing page. Improving it lifts "
        "[[Conversion rate]] across every platform at once.</p>",
        [
            (
                "A launch page",
                "<p>An illustrator points her bio link at a page for her new print series "
                "with a countdown, three previews and a single “Notify me” button.</p>",
            )
        ],
        ["Link in bio", "Conversion rate", "Call to action"],
    ),
    term(
        "Call to action",
        "content",
        ["copywriting", "traffic"],
        ["CTA"],
        "A call to action is a short instruction that tells the audience what to do "
        "next, such as “Tap the link in bio”, “Subscribe” or “Shop now”. It turns "
        "attention into a measurable step and usually appears as a button, caption line "
        "or spoken prompt.",
        "<p>Strong calls to action start with a verb, promise a benefit and ask for one "
        "thing at a time.</p>",
        "<p>Without a clear ask, even great content leaves followers unsure what to do. "
        "One line can double [[Click-through rate]].</p>",
        [
            (
                "End-of-video prompt",
                "<p>A cooking creator ends each video with “Full recipe is in my link in bio”, "
                "and clicks rise noticeably the week she starts.</p>",
            )
        ],
        ["Click-through rate", "Landing page", "Link in bio"],
    ),
    term(
        "Rate card",
        "monetization",
        ["pricing", "brand deals"],
        ["Price list"],
        "A rate card is a creator's list of standard prices for sponsored work — for "
        "example a post, a short video, a story set or usage rights — often with "
        "package deals. It gives brands a starting point for negotiation and saves "
        "time on every enquiry.",
        "<p>Rate cards usually sit inside or next to the [[Media kit]] and are updated "
        "as audience and results grow.</p>",
        "<p>Publishing clear rates stops creators from underpricing themselves on the "
        "spot and signals professionalism to brands.</p>",
        [
            (
                "A simple three-line card",
                "<p>Reel: $800. Story set of three: $350. 30-day ad usage of any piece: +40%.</p>",
            )
        ],
        ["Media kit", "Brand deal", "Usage rights"],
    ),
    term(
        "Usage rights",
        "monetization",
        ["brand deals", "legal"],
        ["Content licensing", "Whitelisting rights"],
        "Usage rights are the permissions a creator grants a brand to reuse their "
        "content — where, for how long and in what form, such as on the brand's website "
        "or in paid ads. They are priced separately from making the content.",
        "<p>Rights are limited by channel, region and time. Unlimited, perpetual rights "
        "should cost much more than a 30-day licence.</p>",
        "<p>Brands can earn far more from running your content as ads than you earn "
        "from posting it. Pricing usage protects your work and your income.</p>",
        [
            (
                "Extending a licence",
                "<p>A brand wants to keep running a creator's video in ads after 30 days and "
                "pays a renewal fee for 90 more.</p>",
            )
        ],
        ["Brand deal", "User-generated content", "Rate card"],
        article="none",
        definition_heading="What are Usage rights?",
        why_it_matters_heading="Why are Usage rights important for creators?",
    ),
    term(
        "Algorithm",
        "content",
        ["platforms", "growth"],
        ["Feed algorithm", "Recommendation algorithm"],
        "An algorithm, on social media, is the set of rules a platform uses to decide "
        "which posts each person sees and in what order. It weighs signals such as "
        "watch time, shares, saves and past interests to predict what will keep each "
        "user on the app.",
        "<p>Platforms change their algorithms often and reveal only part of how they "
        "work.</p>",
        "<p>The algorithm decides whether new people see your content at all. Creators "
        "who understand its signals grow [[Reach]] without paying for ads.</p>",
        [
            (
                "Saves that travel",
                "<p>A carousel of editing tips gets saved thousands of times, and the "
                "platform starts showing it to non-followers for a week.</p>",
            )
        ],
        ["Reach", "Evergreen content", "Engagement rate"],
    ),
    term(
        "Evergreen content",
        "content",
        ["strategy"],
        ["Timeless content"],
        "Evergreen content is content that stays useful and relevant long after it is "
        "published, such as tutorials, explainers and how-to guides. It keeps "
        "attracting views, clicks and followers for months or years instead of fading "
        "after a few days.",
        "<p>Its opposite is trend-based content, which spikes and disappears.</p>",
        "<p>Evergreen pieces keep working while you rest: a tutorial with an "
        "[[Affiliate link]] can earn long after it was filmed.</p>",
        [
            (
                "A beginner's guide",
                "<p>A photographer's “camera settings for beginners” video brings in new "
                "subscribers every week three years after upload.</p>",
            )
        ],
        ["Algorithm", "Affiliate link", "Content pillar"],
        article="none",
    ),
    term(
        "Content pillar",
        "content",
        ["strategy", "planning"],
        ["Content theme", "Content bucket"],
        "A content pillar is one of the three to five core topics a creator returns to "
        "again and again. Pillars give an account a recognisable focus, make planning "
        "easier and help followers know what to expect.",
        "<p>A fitness creator's pillars might be workouts, meal prep and mindset.</p>",
        "<p>Clear pillars build a loyal [[Niche]] audience and make it obvious to brands "
        "which deals fit.</p>",
        [
            (
                "Planning a week",
                "<p>A finance creator rotates budgeting tips on Monday, investing basics on "
                "Wednesday and reader questions on Friday.</p>",
            )
        ],
        ["Niche", "Evergreen content", "Content calendar"],
    ),
    term(
        "Niche",
        "audience",
        ["strategy", "growth"],
        ["Creator niche"],
        "A niche is the specific topic and audience a creator focuses on, such as "
        "vegan baking for beginners or budget travel in Japan. A narrow niche helps the "
        "right people find a creator and makes them the obvious choice for related brands.",
        "<p>Niches can widen over time as an audience trusts the creator on nearby "
        "topics.</p>",
        "<p>Brands search by niche, and algorithms recommend by topic. A clear niche "
        "makes both easier.</p>",
        [
            (
                "Narrow beats broad",
                "<p>“Houseplants for dark flats” grows faster than “plants”, because every "
                "post answers one audience's exact problem.</p>",
            )
        ],
        ["Content pillar", "Micro-influencer", "Community"],
    ),
    term(
        "Community",
        "audience",
        ["community", "engagement"],
        ["Online community", "Fan community"],
        "A community, for creators, is the group of followers who actively take part — "
        "commenting, messaging, joining live streams and talking to each other — rather "
        "than just watching. It is the most loyal and valuable part of an audience.",
        "<p>Communities often gather in spaces the creator controls, such as a "
        "newsletter, group chat or members' area.</p>",
        "<p>A community buys, shares and defends a creator's work. It survives "
        "[[Algorithm]] changes that can cut reach overnight.</p>",
        [
            (
                "A weekly live Q&A",
                "<p>A language tutor hosts a weekly live session where regulars answer each "
                "other's questions before she does.</p>",
            )
        ],
        ["Superfan", "Newsletter", "Nano-influencer"],
    ),
    term(
        "Superfan",
        "audience",
        ["community", "monetization"],
        ["True fan"],
        "A superfan is a follower who supports a creator far beyond watching: buying "
        "their products, paying for memberships, sharing every release and showing up "
        "to live events. A small number of superfans often provides most of a "
        "creator's direct income.",
        "<p>Superfans usually emerge from an engaged [[Community]].</p>",
        "<p>A thousand superfans can fund a full-time creative career. Giving them a "
        "place to pay you, such as a [[Membership]], turns devotion into income.</p>",
        [
            (
                "First in line",
                "<p>A podcaster's 400 paying members pre-order every piece of merch within "
                "the first hour.</p>",
            )
        ],
        ["Community", "Membership", "Merch"],
    ),
    term(
        "Membership",
        "monetization",
        ["subscriptions", "community"],
        ["Paid subscription", "Fan subscription"],
        "A membership is a recurring payment fans make to support a creator in "
        "exchange for perks such as exclusive posts, early access, behind-the-scenes "
        "content or community access. It gives creators predictable monthly income.",
        "<p>Memberships are usually offered in tiers at different prices.</p>",
        "<p>Steady membership income smooths out the ups and downs of [[Brand deal|brand "
        "deals]] and platform payouts.</p>",
        [
            (
                "Three tiers",
                "<p>A comic artist offers $3 for early chapters, $8 adds sketches and $20 adds "
                "a monthly live drawing session.</p>",
            )
        ],
        ["Superfan", "Diversified income", "Community"],
    ),
    term(
        "Merch",
        "monetization",
        ["products", "sales"],
        ["Merchandise", "Creator merch"],
        "Merch is branded merchandise a creator sells to their audience, such as "
        "clothing, prints, mugs or stickers. Many creators use print-on-demand services "
        "so items are made only when ordered, with no stock to manage.",
        "<p>Merch works best when it carries an inside joke or symbol the "
        "[[Community]] already loves.</p>",
        "<p>Merch earns money and turns followers into walking advertisements.</p>",
        [
            (
                "A catchphrase hoodie",
                "<p>A gaming streamer's catchphrase becomes a hoodie sold from her link in bio, "
                "printed only when fans order.</p>",
            )
        ],
        ["Superfan", "Link in bio", "Diversified income"],
        article="none",
    ),
    term(
        "Newsletter",
        "content",
        ["email", "owned audience"],
        ["Email newsletter", "Email list"],
        "A newsletter is a regular email a creator sends to subscribers who signed up "
        "to receive it. Because the creator owns the email list, it reaches people "
        "directly, without depending on a platform's algorithm.",
        "<p>Creators grow lists by offering a reason to sign up, such as a free guide, "
        "on their [[Landing page]].</p>",
        "<p>If a platform bans or buries an account, the email list remains. It is the "
        "core of an [[Owned audience]].</p>",
        [
            (
                "A weekly roundup",
                "<p>A style creator sends a Sunday email with five finds of the week, each an "
                "affiliate link, opened by 45% of subscribers.</p>",
            )
        ],
        ["Owned audience", "Landing page", "Community"],
    ),
    term(
        "Owned audience",
        "audience",
        ["email", "owned audience", "strategy"],
        ["Owned media"],
        "An owned audience is the set of people a creator can reach directly, without "
        "a platform in between — usually an email list, SMS list or members' site. The "
        "creator controls the contact details and the terms.",
        "<p>Social followers are a rented audience: the platform decides who sees "
        "what.</p>",
        "<p>An owned audience protects a creator's business from algorithm changes and "
        "account bans, and converts better for launches.</p>",
        [
            (
                "Moving followers to email",
                "<p>A creator offers a free recipe e-book in her link in bio and gathers 2,000 "
                "emails in a month.</p>",
            )
        ],
        ["Newsletter", "Link in bio", "Algorithm"],
        article="an",
    ),
    term(
        "Sponsored content disclosure",
        "content",
        ["legal", "brand deals"],
        ["Ad disclosure", "#ad"],
        "Sponsored content disclosure is the clear label — such as “Ad”, “#ad” or "
        "“Paid partnership” — that tells audiences a creator was paid or given "
        "something for a post. Advertising rules in many countries require it.",
        "<p>Disclosures must be easy to see before someone clicks “more”, not hidden "
        "among hashtags.</p>",
        "<p>Honest disclosure keeps creators on the right side of the law and keeps the "
        "audience's trust, which is what brands pay for.</p>",
        [
            (
                "Labelling a gifted product",
                "<p>A beauty creator starts her caption with “Gifted by the brand” and turns "
                "on the platform's paid-partnership label.</p>",
            )
        ],
        ["Brand deal", "Gifting", "Affiliate link"],
        article="none",
    ),
    term(
        "Gifting",
        "monetization",
        ["brand deals", "products"],
        ["Product seeding", "PR package"],
        "Gifting is when a brand sends a creator free products, hoping — but not "
        "requiring — that they will post about them. It is a common first step in "
        "brand relationships, especially with smaller creators.",
        "<p>If a brand requires a post in return, the gift becomes a paid deal and "
        "needs [[Sponsored content disclosure|disclosure]].</p>",
        "<p>Gifts build relationships that can turn into paid work, but bills are paid "
        "in money: know when to ask for a fee.</p>",
        [
            (
                "A seeding box",
                "<p>A snack brand sends new flavours to 50 food creators; twelve post, and "
                "three are offered paid campaigns.</p>",
            )
        ],
        ["Nano-influencer", "Brand deal", "Sponsored content disclosure"],
        article="none",
    ),
    term(
        "Ad revenue share",
        "monetization",
        ["platform payouts", "youtube"],
        ["Revenue share", "Rev share"],
        "Ad revenue share is the part of the advertising money earned on a creator's "
        "content that a platform pays back to the creator. The platform places ads "
        "before, during or beside the content and splits the income by an agreed "
        "percentage.",
        "<p>Creators usually meet eligibility thresholds, such as watch hours, before "
        "sharing revenue.</p>",
        "<p>Revenue share turns views into income automatically, but rates vary by "
        "topic and season, so it works best alongside other streams.</p>",
        [
            (
                "Long videos pay more",
                "<p>A history channel earns more per view on 20-minute videos that show "
                "several ad breaks than on shorts.</p>",
            )
        ],
        ["CPM", "Creator fund", "Diversified income"],
        article="none",
    ),
    term(
        "Diversified income",
        "monetization",
        ["strategy", "income"],
        ["Multiple income streams"],
        "Diversified income means earning from several sources at once — brand deals, "
        "affiliate links, memberships, merch, platform payouts and your own products — "
        "so that losing one does not end a creator's business.",
        "<p>A link-in-bio page is often where all these streams meet in one place.</p>",
        "<p>Platform rules, budgets and algorithms change without warning. Spreading "
        "income keeps a creator's career steady.</p>",
        [
            (
                "No single point of failure",
                "<p>When a brand pauses its budget, a creator's [[Membership]] and affiliate "
                "income cover rent that month.</p>",
            )
        ],
        ["Membership", "Affiliate link", "Merch"],
        article="none",
    ),
    term(
        "Content calendar",
        "content",
        ["planning", "strategy"],
        ["Editorial calendar", "Posting schedule"],
        "A content calendar is a schedule that plans what a creator will publish, on "
        "which platform and when. It helps keep posting consistent, line up content "
        "with launches and brand deadlines, and balance content pillars.",
        "<p>It can be a spreadsheet, a shared board or the scheduler in a social "
        "tool.</p>",
        "<p>Consistency is rewarded by audiences and algorithms alike; a calendar makes "
        "it possible without last-minute stress.</p>",
        [
            (
                "Planning around a launch",
                "<p>A jewellery maker plans two weeks of teasers, a launch-day live and "
                "follow-up reviews, each slot in her calendar.</p>",
            )
        ],
        ["Content pillar", "Evergreen content"],
    ),
    term(
        "360 video",
        "content",
        ["video", "formats"],
        ["360-degree video", "Spherical video"],
        "A 360 video is a video recorded in every direction at once, so viewers can "
        "drag, tilt their phone or wear a headset to look around the scene. Creators "
        "use it for travel, venues and events where the surroundings are the story.",
        "<p>It needs a special camera with several lenses and players that support "
        "the format.</p>",
        "<p>It lets followers feel present, which is powerful for travel partnerships "
        "and live events, though it is more work to produce.</p>",
        [
            (
                "A hotel tour",
                "<p>A travel creator films a 360 walk through a resort; viewers look around "
                "the pool and rooms themselves.</p>",
            )
        ],
        ["Evergreen content", "Brand deal"],
    ),
    term(
        "Élite creator programme",
        "monetization",
        ["platform payouts", "brand deals"],
        ["Elite creator program"],
        "An élite creator programme is an invitation-only scheme in which a platform "
        "or brand offers its top creators extra support — early features, account "
        "managers, bonuses or guaranteed campaign work — in return for regular, "
        "high-quality content.",
        "<p>Entry criteria are rarely published; steady growth and a strong "
        "[[Engagement rate]] get creators noticed.</p>",
        "<p>Programmes bring income stability and insider access that can speed up a "
        "creator's growth.</p>",
        [
            (
                "Early access",
                "<p>A creator in a platform's top-tier programme tests a new shopping feature "
                "a month before launch and is featured in its announcement.</p>",
            )
        ],
        ["Creator fund", "Engagement rate"],
        article="an",
    ),
]
