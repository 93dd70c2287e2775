// The CMS's publish webhook lands here: Settings → Webhooks in the CMS, URL
// https://<this site>/api/revalidate/, with the endpoint's secret in this
// site's REVALIDATE_SECRET. A published change shows on the next request.

import { revalidateTag } from "next/cache";
import { tagsFor, type WebhookMessage } from "@/lib/revalidation";
import { SIGNATURE_HEADER, verify } from "@/lib/signature";

const MAX_BODY = 1_000_000;

function answer(status: number, body: object) {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

export async function POST(request: Request) {
  const secret = process.env.REVALIDATE_SECRET ?? "";
  if (!secret) {
    return answer(503, { message: "REVALIDATE_SECRET is not set on this site, so no webhook can be trusted." });
  }
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY) {
    return answer(413, { message: "The message is too large." });
  }
  const body = await request.text();
  if (body.length > MAX_BODY) return answer(413, { message: "The message is too large." });
  if (!verify(secret, request.headers.get(SIGNATURE_HEADER), body)) {
    return answer(401, { message: "The signature is missing, wrong or too old." });
  }
  let message: WebhookMessage;
  try {
    message = JSON.parse(body);
  } catch {
    return answer(400, { message: "The body is not JSON." });
  }
  if (!message || typeof message !== "object" || Array.isArray(message)) {
    return answer(400, { message: "The body must be a JSON object." });
  }
  if (message.event === "webhook.test") return answer(200, { revalidated: [] });
  const tags = tagsFor(message);
  // expire: 0 — the next reader gets the new version, never the old one.
  for (const tag of tags) revalidateTag(tag, { expire: 0 });
  return answer(200, { revalidated: tags });
}
