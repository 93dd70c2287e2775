// JSON printed into an HTML <script> element must not end it early: "</script>"
// closes the element and "<!--" can swallow what follows, whatever strings the
// CMS returned. Escaped like this, the JSON means exactly the same.

const ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => ESCAPES[character]);
}
