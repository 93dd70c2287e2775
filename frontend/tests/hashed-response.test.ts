import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { holdHtml } from "../lib/hashed-response.mjs";

/** Just enough of http.ServerResponse to watch what reaches the socket. */
class FakeResponse extends EventEmitter {
  statusCode = 200;
  statusMessage = "";
  headers = new Map<string, unknown>();
  sent: Buffer[] = [];
  sentHeaders: Record<string, unknown> | null = null;
  ended = false;

  setHeader(name: string, value: unknown) {
    if (this.sentHeaders) throw new Error("headers already sent");
    this.headers.set(name.toLowerCase(), value);
  }
  getHeader(name: string) {
    return this.headers.get(name.toLowerCase());
  }
  hasHeader(name: string) {
    return this.headers.has(name.toLowerCase());
  }
  private send() {
    this.sentHeaders ??= Object.fromEntries(this.headers);
  }
  writeHead(status: number, _headers?: unknown) {
    void _headers;
    this.statusCode = status;
    this.send();
    return this;
  }
  flushHeaders() {
    this.send();
  }
  write(chunk: string | Buffer) {
    this.send();
    this.sent.push(Buffer.from(chunk));
    return true;
  }
  end(chunk?: string | Buffer) {
    this.send();
    if (chunk) this.sent.push(Buffer.from(chunk));
    this.ended = true;
    return this;
  }
}

describe("holdHtml", () => {
  it("sends an HTML page whole, with the headers finish() returns", () => {
    const res = new FakeResponse();
    let seen = "";
    holdHtml(res as never, {
      finish: (html: string) => {
        seen = html;
        return { "Content-Security-Policy": `length ${html.length}` };
      },
    });
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.setHeader("Content-Length", "999");
    res.flushHeaders();
    res.write("<p>é");
    res.write(Buffer.from("</p>"));
    expect(res.sentHeaders).toBeNull();
    res.end();
    expect(seen).toBe("<p>é</p>");
    expect(res.sentHeaders?.["content-security-policy"]).toBe("length 8");
    expect(res.sentHeaders?.["content-length"]).toBe(Buffer.byteLength("<p>é</p>"));
    expect(Buffer.concat(res.sent).toString()).toBe("<p>é</p>");
  });

  it("streams anything that is not HTML untouched", () => {
    const res = new FakeResponse();
    holdHtml(res as never, { finish: () => ({ "X-Wrong": "1" }) });
    res.setHeader("Content-Type", "text/x-component");
    res.write("0:[]");
    expect(Buffer.concat(res.sent).toString()).toBe("0:[]");
    res.end();
    expect(res.getHeader("x-wrong")).toBeUndefined();
  });

  it("applies writeHead's headers before deciding", () => {
    const res = new FakeResponse();
    holdHtml(res as never, { finish: () => ({ "X-Policy": "yes" }) });
    res.writeHead(404, { "Content-Type": "text/html" });
    res.end("<h1>Not found</h1>");
    expect(res.statusCode).toBe(404);
    expect(res.sentHeaders?.["x-policy"]).toBe("yes");
  });

  it("lets adjust() change the status before it is sent", () => {
    const res = new FakeResponse();
    holdHtml(res as never, {
      finish: () => ({}),
      adjust: () => {
        if (res.statusCode === 308) res.statusCode = 301;
      },
    });
    res.statusCode = 308;
    res.setHeader("Location", "/glossary/new/");
    res.end();
    expect(res.statusCode).toBe(301);
  });
});
