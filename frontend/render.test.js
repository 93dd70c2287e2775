// Run with: node --test frontend/
import assert from "node:assert/strict";
import test from "node:test";

import { jsonForScript, renderHead } from "./render.js";

const HOSTILE = "</script><script>alert(1)</script><!-- & \u2028\u2029";

test("jsonForScript leaves nothing an HTML parser acts on", () => {
  const text = jsonForScript({ name: HOSTILE, list: ["<b>", "a>b&c"] });
  assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
  assert.match(text, /\\u003c\/script\\u003e/);
});

test("jsonForScript means the same JSON", () => {
  const value = { "@type": "Question", name: HOSTILE, nested: [{ text: "<p>1 < 2 && 3 > 2</p>" }], n: 3 };
  assert.deepEqual(JSON.parse(jsonForScript(value)), value);
});

// Just enough of the DOM for renderHead.
class FakeElement {
  constructor(tagName) {
    this.tagName = tagName;
    this.attributes = {};
    this.children = [];
    this.textContent = "";
  }
  setAttribute(name, value) {
    this.attributes[name] = String(value);
  }
  append(...nodes) {
    this.children.push(...nodes);
  }
}

test("renderHead prints JSON-LD escaped", () => {
  const head = new FakeElement("head");
  head.querySelector = () => null;
  head.querySelectorAll = () => [];
  globalThis.document = { head, title: "", createElement: (tag) => new FakeElement(tag) };
  const jsonLd = [
    { "@type": "DefinedTerm", name: HOSTILE },
    { "@type": "FAQPage", mainEntity: [{ "@type": "Question", name: HOSTILE }] },
  ];
  const seo = { title: "t", description: "d", canonical_url: "https://example.com/", image: null, robots: "index, follow" };
  try {
    renderHead({ seo, json_ld: jsonLd });
  } finally {
    delete globalThis.document;
  }
  const scripts = head.children.filter((node) => node.tagName === "script");
  assert.equal(scripts.length, jsonLd.length);
  scripts.forEach((script, index) => {
    assert.equal(script.attributes.type, "application/ld+json");
    assert.doesNotMatch(script.textContent, /</);
    assert.deepEqual(JSON.parse(script.textContent), jsonLd[index]);
  });
});
