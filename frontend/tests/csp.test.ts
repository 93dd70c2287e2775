import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, inlineScriptHashes, isFrameworkScript, originOf, streamingRuntime } from "../lib/csp.mjs";

const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

describe("inlineScriptHashes", () => {
  const flight = 'self.__next_f.push([1,"1:\\"$Sreact.fragment\\"\\n"])';
  const boot = "(self.__next_f=self.__next_f||[]).push([0])";
  const chunks = '(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({"otherChunks":["static/a.js"]});';

  it("hashes Next.js's own inline scripts exactly as written", () => {
    const html = `<script src="/a.js" async></script><script>${boot}</script><script id="_R_">${chunks}</script><SCRIPT>${flight}</SCRIPT >`;
    expect(inlineScriptHashes(html)).toEqual([hash(boot), hash(chunks), hash(flight)]);
  });

  it("gives no hash to any other inline script, even one dressed as Next.js's", () => {
    const html = [
      "<script>alert(1)</script>",
      "<script>self.__next_f.push(alert(1))</script>",
      '<script>self.__next_f.push([1,"x"]);alert(1)//)</script>',
      '<script type="application/ld+json">{"name":"x"}</script>',
    ].join("");
    expect(inlineScriptHashes(html)).toEqual([]);
  });

  it("names a script that appears twice once", () => {
    expect(inlineScriptHashes(`<script>${boot}</script><script>${boot}</script>`)).toHaveLength(1);
  });
});

describe("contentSecurityPolicy", () => {
  const boot = "(self.__next_f=self.__next_f||[]).push([0])";
  const html = `<script>${boot}</script><script>injected()</script>`;

  it("allows the page's own scripts by hash, never 'unsafe-inline'", () => {
    const policy = contentSecurityPolicy(html, { cmsOrigin: "https://cms.example.com" });
    const scripts = policy.split("; ").find((directive) => directive.startsWith("script-src"));
    expect(scripts).toBe(`script-src 'self' ${hash(boot)}`);
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).toContain("img-src 'self' data: https://cms.example.com");
    expect(policy).toContain("frame-ancestors 'none'");
  });

  it("allows images from the CDN a bucket is served by", () => {
    const policy = contentSecurityPolicy(html, { cmsOrigin: "https://cms.example.com", imageOrigins: ["https://media.example.net"] });
    expect(policy).toContain("img-src 'self' data: https://cms.example.com https://media.example.net");
  });

  it("lets only the CMS frame a preview", () => {
    const policy = contentSecurityPolicy(html, { cmsOrigin: "https://cms.example.com", framed: true });
    expect(policy).toContain("frame-ancestors https://cms.example.com");
  });

  it("allows eval in development only", () => {
    expect(contentSecurityPolicy(html, { cmsOrigin: null, dev: true })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy(html, { cmsOrigin: null })).not.toContain("'unsafe-eval'");
  });
});

describe("originOf", () => {
  it("keeps http(s) origins and refuses the rest", () => {
    expect(originOf("https://cms.example.com:8443/admin/")).toBe("https://cms.example.com:8443");
    expect(originOf("javascript:alert(1)")).toBeNull();
    expect(originOf("not a url")).toBeNull();
  });
});

describe("streaming scripts", () => {
  const runtime = streamingRuntime();
  const completer = runtime.find((script) => script.startsWith("$RB=[];"));

  it("knows the installed React's and Next.js's constant scripts", () => {
    expect(runtime).toContain("requestAnimationFrame(function(){$RT=performance.now()});");
    expect(runtime.some((script) => script.startsWith("document.querySelectorAll('body link[rel=\"icon\"]"))).toBe(true);
    expect(completer).toBeDefined();
  });

  it("allows them, alone or followed by calls with ids, and nothing added to them", () => {
    expect(isFrameworkScript(`${completer}$RC("B:1","S:1")`)).toBe(true);
    expect(isFrameworkScript('$RC("B:0","S:0")')).toBe(true);
    expect(isFrameworkScript(`${completer};alert(1)`)).toBe(false);
    expect(isFrameworkScript('$RC("B:0",alert(1))')).toBe(false);
    expect(isFrameworkScript("")).toBe(false);
  });

  it("allows a runtime written with its first call, and calls with null or escaped strings", () => {
    const segment = runtime.find((script) => script.startsWith("$RS="));
    const clientRender = runtime.find((script) => script.startsWith("$RX="));
    expect(isFrameworkScript(`${segment}$RS("S:0","P:0")`)).toBe(true);
    expect(isFrameworkScript(`${clientRender}$RX("B:0",null,"a \\"quoted\\" message")`)).toBe(true);
    expect(isFrameworkScript(`$RC("B:0","S:0")${completer}`)).toBe(false);
    expect(isFrameworkScript('$RX("B:0",null,"x")+alert(1)')).toBe(false);
  });
});
