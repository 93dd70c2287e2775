// Holds back an HTML response until it is complete, so its
// Content-Security-Policy can name the hash of every inline script in it.
// Anything else (scripts, images, RSC payloads, JSON) streams through as is.

const HTML = /^text\/html\b/i;

/**
 * Wrap `res` so that an HTML body is buffered and `finish(html)` returns the
 * headers to add before it is sent. `adjust()` runs once, just before the
 * status line is decided, whatever the response is.
 */
export function holdHtml(res, { finish, adjust = () => {} }) {
  const original = {
    write: res.write,
    end: res.end,
    writeHead: res.writeHead,
    flushHeaders: res.flushHeaders,
  };
  let chunks; // undefined: not decided yet; null: not HTML; array: HTML held

  function restore() {
    Object.assign(res, original);
  }

  function decide() {
    if (chunks === undefined) {
      adjust();
      chunks = HTML.test(String(res.getHeader("content-type") ?? "")) ? [] : null;
      if (chunks === null) restore();
    }
    return chunks;
  }

  function collect(chunk, encoding) {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8"));
  }

  res.writeHead = function writeHead(statusCode, reason, headers) {
    if (typeof reason !== "string") [reason, headers] = [undefined, reason];
    res.statusCode = statusCode;
    if (reason) res.statusMessage = reason;
    if (Array.isArray(headers)) {
      for (let i = 0; i < headers.length; i += 2) res.setHeader(headers[i], headers[i + 1]);
    } else if (headers) {
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    }
    if (decide() === null) return original.writeHead.call(res, res.statusCode);
    return res;
  };

  res.flushHeaders = function flushHeaders() {
    if (decide() === null) original.flushHeaders.call(res);
  };

  res.write = function write(chunk, encoding, callback) {
    if (decide() === null) return original.write.call(res, chunk, encoding, callback);
    collect(chunk, encoding);
    const done = typeof encoding === "function" ? encoding : callback;
    if (done) process.nextTick(done);
    return true;
  };

  res.end = function end(chunk, encoding, callback) {
    if (decide() === null) return original.end.call(res, chunk, encoding, callback);
    collect(chunk, encoding);
    const done = [chunk, encoding, callback].find((value) => typeof value === "function");
    const body = Buffer.concat(chunks);
    restore();
    for (const [name, value] of Object.entries(finish(body.toString("utf8")))) {
      res.setHeader(name, value);
    }
    if (res.hasHeader("content-length")) res.setHeader("Content-Length", body.length);
    return original.end.call(res, body, done);
  };
}
