// A Content-Security-Policy that allows exactly the inline scripts Next.js
// itself put in a page, by hash.
//
// Next.js prints its hydration data as inline <script> elements. Nonces would
// need every page rendered per request; hashes of the finished HTML keep term
// pages static (and cacheable by a CDN, since the same HTML always gets the
// same policy) without 'unsafe-inline'.
//
// Only the framework's own scripts are hashed: Next.js's bootstrap scripts
// when what they push is plain JSON (data, never code), and the scripts React
// and Next.js write while streaming a page, which are their own constant code
// (read from the installed packages) plus calls that move parts of the page
// into place by id. Any other inline script (one that slipped into the HTML
// through content, say) gets no hash, so the browser refuses to run it.
// JSON-LD needs none: the browser never runs it.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const STYLE = /<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;
const HAS_SRC = /(^|\s)src\s*=/i;

function sha256(text) {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

// Next.js's inline scripts: a prefix and a suffix around JSON.
const FRAMEWORK_SCRIPTS = [
  ["(self.__next_f=self.__next_f||[]).push(", ")"],
  ["self.__next_f.push(", ")"],
  ['(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push(', ");"],
];

function isBootstrapScript(body) {
  return FRAMEWORK_SCRIPTS.some(([prefix, suffix]) => {
    if (!body.startsWith(prefix) || !body.endsWith(suffix)) return false;
    try {
      JSON.parse(body.slice(prefix.length, body.length - suffix.length));
      return true;
    } catch {
      return false;
    }
  });
}

const require = createRequire(import.meta.url);

function source(module) {
  try {
    return readFileSync(require.resolve(module), "utf8");
  } catch {
    return "";
  }
}

const ESCAPES = { n: "\n", r: "\r", t: "\t" };

/** The text a JavaScript string literal's body (between its quotes) stands for. */
function unescapeLiteral(body) {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (_, code) =>
    code.length > 1 ? String.fromCharCode(parseInt(code.slice(1), 16)) : (ESCAPES[code] ?? code),
  );
}

/**
 * The constant scripts React's streaming renderer and Next.js's metadata
 * insertion write into pages, as the installed versions spell them.
 */
export function streamingRuntime() {
  const known = new Set();
  const react = source("next/dist/compiled/react-dom/cjs/react-dom-server.node.production.js");
  for (const line of react.split("\n")) {
    const text = line.trim();
    const quoted = text.length > 2 && text[0] === text.at(-1) && (text[0] === "'" || text[0] === '"');
    const body = quoted ? text.slice(1, -1) : "";
    if (/^\$R[A-Z]+=/.test(body) || /^requestAnimationFrame\(function\(\)\{\$RT=/.test(body)) {
      // Some end with the start of their first call ('…;$RS("'): the call is
      // checked with the others, so the constant is kept without it.
      known.add(unescapeLiteral(body).replace(/\$R[A-Z]+\("$/, ""));
    }
  }
  const next = source("next/dist/server/app-render/metadata-insertion/create-server-inserted-metadata.js");
  const icons = /REINSERT_ICON_SCRIPT = `\\\n([^`\\]*)`/.exec(next);
  if (icons) known.add(icons[1]);
  // Longest first, so a script that contains another is taken whole.
  return [...known].sort((a, b) => b.length - a.length);
}

const RUNTIME = streamingRuntime();
// $RC("B:0","S:0") and its kin: runtime functions called with strings
// (ids, an error's digest or message) or null, nothing else.
const ARGUMENT = String.raw`(?:"(?:[^"\\<]|\\[^<])*"|null)`;
const RUNTIME_CALLS = new RegExp(String.raw`^(?:\$R[A-Z]+\(${ARGUMENT}(?:,${ARGUMENT})*\);?)*$`);

/** Constant runtime code at the start (each at most once), then calls only. */
function isStreamingScript(body) {
  let rest = body;
  for (let taken = true; taken; ) {
    taken = false;
    for (const known of RUNTIME) {
      if (rest.startsWith(known)) {
        rest = rest.slice(known.length);
        taken = true;
      }
    }
  }
  return RUNTIME_CALLS.test(rest);
}

/** True when `body` is one of the framework's own inline scripts (see above). */
export function isFrameworkScript(body) {
  return body.trim() !== "" && (isBootstrapScript(body) || isStreamingScript(body));
}

/** The CSP source expressions for Next.js's inline scripts in `html`. */
export function inlineScriptHashes(html) {
  const hashes = new Set();
  for (const [, attributes, body] of html.matchAll(SCRIPT)) {
    if (!HAS_SRC.test(attributes) && isFrameworkScript(body)) hashes.add(sha256(body));
  }
  return [...hashes];
}

/** The CSP source expressions for every <style> element in `html`. */
export function inlineStyleHashes(html) {
  return [...new Set([...html.matchAll(STYLE)].map(([, body]) => sha256(body)))];
}

/** The origin of a URL, or null when it is not an http(s) URL. */
export function originOf(url) {
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) ? parsed.origin : null;
  } catch {
    return null;
  }
}

/**
 * The policy for one HTML page.
 *
 * `cmsOrigin` serves images and, in preview, frames the page. `framed` is
 * true for draft previews only: public pages may not be framed at all.
 *
 * @param {string} html
 * @param {{ cmsOrigin: string | null, imageOrigins?: string[], framed?: boolean, dev?: boolean }} options
 */
export function contentSecurityPolicy(html, { cmsOrigin, imageOrigins = [], framed = false, dev = false }) {
  const scripts = ["'self'", ...inlineScriptHashes(html)];
  // React's development build evaluates code for its error overlay.
  if (dev) scripts.push("'unsafe-eval'");
  const images = [...new Set(["'self'", "data:", cmsOrigin, ...imageOrigins].filter(Boolean))];
  const directives = [
    "default-src 'self'",
    `script-src ${scripts.join(" ")}`,
    `style-src ${["'self'", ...inlineStyleHashes(html)].join(" ")}`,
    `img-src ${images.join(" ")}`,
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${framed && cmsOrigin ? cmsOrigin : "'none'"}`,
  ];
  return directives.join("; ");
}
