import { describe, expect, it } from "vitest";
import { jsonForScript } from "../lib/json-ld";
import { letterCode, letterFromCode, letterPath } from "../lib/letters";
import { titleSuffix } from "../lib/seo";
import { localPath } from "../lib/urls";

describe("jsonForScript", () => {
  it("cannot close the script element it is printed in, and means the same", () => {
    const value = { name: "</script><script>alert(1)</script><!--", line: "a\u2028b", amp: "&" };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("letters", () => {
  it("round-trips every letter and the digits group", () => {
    for (const letter of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZ", "#"]) {
      expect(letterFromCode(letterCode(letter))).toBe(letter);
    }
    expect(letterPath("#")).toBe("/glossary/letter/0-9/");
    expect(letterPath("B")).toBe("/glossary/letter/b/");
  });

  it("has no page for other codes", () => {
    for (const code of ["B", "bb", "", "%", "0", "é"]) expect(letterFromCode(code)).toBeNull();
  });
});

describe("titleSuffix", () => {
  it("is what the CMS appended to the social title", () => {
    expect(titleSuffix({ title: "Glossary — Creator Glossary", social_title: "Glossary" } as never)).toBe(" — Creator Glossary");
    expect(titleSuffix({ title: "Glossary", social_title: "Glossary" } as never)).toBe("");
    expect(titleSuffix({ title: "Custom SEO title" } as never)).toBe("");
  });
});

describe("localPath", () => {
  it("keeps links between pages on this host", () => {
    expect(localPath("https://glossary.example.com/glossary/reach/?a=1#b")).toBe("/glossary/reach/?a=1#b");
    expect(localPath("not a url")).toBe("not a url");
  });
});
