// Checks the CMS's X-Glossary-Signature header: "t=<unix seconds>,v1=<hex
// HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint's secret>".

import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-glossary-signature";
const TOLERANCE_SECONDS = 300;

export function sign(secret: string, timestamp: number, body: string): string {
  const digest = createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${digest}`;
}

/**
 * True when `header` signs exactly `body` with `secret`, made within five
 * minutes of `now` (seconds), so a recorded message cannot be replayed later.
 */
export function verify(secret: string, header: string | null, body: string, now = Date.now() / 1000): boolean {
  if (!secret || !header) return false;
  let timestamp: number | null = null;
  const candidates: string[] = [];
  for (const item of header.split(",")) {
    const [key, ...rest] = item.trim().split("=");
    const value = rest.join("=");
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/.test(value)) candidates.push(value);
  }
  if (timestamp === null || candidates.length === 0) return false;
  if (Math.abs(now - timestamp) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(sign(secret, timestamp, body).split("v1=")[1], "hex");
  // Every candidate is compared, so timing says nothing about which was close.
  return candidates
    .map((candidate) => timingSafeEqual(expected, Buffer.from(candidate, "hex")))
    .some(Boolean);
}
