import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The CMS hands out URLs with a trailing slash (/glossary/micro-influencer/).
  trailingSlash: true,
  // server.mjs compresses, after it has hashed the inline scripts.
  compress: false,
  poweredByHeader: false,
  reactStrictMode: true,
  // <head> is complete before the body starts, for every visitor, as Next.js
  // does for crawlers: a page whose <title> and canonical arrive later, in
  // the body, is a worse page for link previews and for search engines that
  // read only the first bytes.
  htmlLimitedBots: /./,
  experimental: {
    // Rendered pages and CMS answers are cached in memory only. On disk they
    // would outlive the process: a restarted server would serve pages the
    // CMS changed while it was down (the webhook found nobody), or pages
    // from another CMS altogether (staging, a test run) with that CMS's
    // links and canonical URLs.
    isrFlushToDisk: false,
  },
  async rewrites() {
    // Browsers and crawlers ask for /favicon.ico whatever a page names (before
    // its <head> is read, or on a redirect): the site's icon answers.
    return [{ source: "/favicon.ico", destination: "/icon.svg" }];
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
