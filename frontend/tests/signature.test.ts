import { describe, expect, it } from "vitest";
import { sign, verify } from "../lib/signature";

const SECRET = "a-shared-secret-of-some-length";
const NOW = 1_767_225_600;

describe("verify", () => {
  const body = '{"event":"page.published"}';

  it("accepts the CMS's header for the exact body", () => {
    expect(verify(SECRET, sign(SECRET, NOW, body), body, NOW)).toBe(true);
  });

  it("matches the CMS's own signing (webhooks/signing.py)", () => {
    // HMAC-SHA256 of "1767225600.{}" keyed with "secret", as Python computes it.
    expect(sign("secret", NOW, "{}")).toBe(
      "t=1767225600,v1=fa7eaa06bf97d7815f3f456e97cde70c9e50cb005f01660c8d10b10c21964887",
    );
  });

  it("refuses another body, another secret, an old or a future time", () => {
    const header = sign(SECRET, NOW, body);
    expect(verify(SECRET, header, body + " ", NOW)).toBe(false);
    expect(verify("another-secret-entirely", header, body, NOW)).toBe(false);
    expect(verify(SECRET, header, body, NOW + 301)).toBe(false);
    expect(verify(SECRET, header, body, NOW - 301)).toBe(false);
  });

  it("accepts any one of several signatures (a secret being rotated)", () => {
    const good = sign(SECRET, NOW, body).split(",")[1];
    const header = `t=${NOW},v1=${"0".repeat(64)},${good}`;
    expect(verify(SECRET, header, body, NOW)).toBe(true);
  });

  it("refuses malformed headers and an empty secret", () => {
    for (const header of [null, "", "t=abc,v1=00", `v1=${"a".repeat(64)}`, `t=${NOW}`, `t=${NOW},v1=zz`]) {
      expect(verify(SECRET, header, body, NOW)).toBe(false);
    }
    expect(verify("", sign("", NOW, body), body, NOW)).toBe(false);
  });
});
