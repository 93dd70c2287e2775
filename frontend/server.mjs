// The site's HTTP server: Next.js, plus gzip and a hash-based
// Content-Security-Policy on every HTML page (see lib/csp.mjs).
//
//   NODE_ENV=production node server.mjs    (after `next build`)
//   node server.mjs                        (development, with hot reload)
//
// PORT (3000), HOSTNAME (127.0.0.1) and CMS_URL (http://127.0.0.1:8000) come
// from the environment.

import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import compression from "compression";
import next from "next";
import { contentSecurityPolicy, originOf } from "./lib/csp.mjs";
import { holdHtml } from "./lib/hashed-response.mjs";

const dev = process.env.NODE_ENV !== "production";
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || "127.0.0.1";
const cmsOrigin = originOf(process.env.CMS_URL || "http://127.0.0.1:8000");
// The CMS as browsers reach it (its admin frames previews; by default it also
// serves images), when that is not the address this server reads it at.
const cmsPublicOrigin = originOf(process.env.CMS_PUBLIC_URL || "") || cmsOrigin;
// Where images come from: the CMS, or a bucket's CDN (AWS_S3_CUSTOM_DOMAIN).
const imageOrigins = (process.env.IMAGE_ORIGINS || "")
  .split(",")
  .map((url) => originOf(url.trim()))
  .filter(Boolean);
// Draft Mode's cookie: only previews may be framed, and only by the CMS.
const PREVIEW_COOKIE = /(?:^|;\s*)__prerender_bypass=/;

const app = next({ dev, hostname, port, dir: fileURLToPath(new URL(".", import.meta.url)) });
await app.prepare();
const handle = app.getRequestHandler();
const gzip = compression();

/**
 * True when the path holds an escape that is not percent-encoded UTF-8
 * ("/glossary/%ZZ/", "/glossary/%C3%28/"). Such a path names no page, and
 * Next.js answers it with a bare 500 before any page code runs.
 */
function malformedPath(url = "/") {
  try {
    decodeURIComponent(url.split("?")[0]);
    return false;
  } catch {
    return true;
  }
}

function refuseMalformed(res) {
  const body = "This address is not valid: it holds a %-escape that is not UTF-8, such as %ZZ.\n";
  res.writeHead(400, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(body);
}

function serve(req, res) {
  if (malformedPath(req.url)) {
    refuseMalformed(res);
    return Promise.resolve();
  }
  const framed = PREVIEW_COOKIE.test(req.headers.cookie ?? "");
  holdHtml(res, {
    adjust() {
      // Next.js answers permanent redirects with 308; for GET and HEAD a 301
      // means the same and is what every crawler and old client knows.
      if (res.statusCode === 308 && (req.method === "GET" || req.method === "HEAD")) {
        res.statusCode = 301;
      }
    },
    finish: (html) => ({
      "Content-Security-Policy": contentSecurityPolicy(html, {
        cmsOrigin: cmsPublicOrigin,
        imageOrigins,
        framed,
        dev,
      }),
    }),
  });
  return handle(req, res);
}

const server = createServer((req, res) => {
  gzip(req, res, () => {
    serve(req, res).catch((error) => {
      console.error(error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
});
server.on("upgrade", app.getUpgradeHandler());
server.listen(port, hostname, () => {
  console.log(`Frontend on http://${hostname}:${port}/ reading ${cmsOrigin}`);
});
