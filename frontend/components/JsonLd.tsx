import { jsonForScript } from "@/lib/json-ld";
import type { JsonLd as Item } from "@/lib/types";

/** schema.org objects for search engines, one <script> each, safe whatever they hold. */
export function JsonLd({ items }: { items: Item[] }) {
  return items.map((item, index) => (
    <script key={index} type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(item) }} />
  ));
}
