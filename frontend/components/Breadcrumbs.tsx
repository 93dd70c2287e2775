import Link from "next/link";
import { localPath } from "@/lib/urls";

export interface Crumb {
  name: string;
  url: string;
}

export function Breadcrumbs({ trail }: { trail: Crumb[] }) {
  if (trail.length < 2) return null;
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        {trail.map((crumb, index) => (
          <li key={crumb.url}>
            {index === trail.length - 1 ? (
              <span aria-current="page">{crumb.name}</span>
            ) : (
              <Link href={localPath(crumb.url)}>{crumb.name}</Link>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The trail the CMS put in the page's BreadcrumbList, if any. */
export function trailFrom(jsonLd: Record<string, unknown>[]): Crumb[] {
  const list = jsonLd.find((item) => item["@type"] === "BreadcrumbList");
  const items = Array.isArray(list?.itemListElement) ? list.itemListElement : [];
  return items
    .filter((item): item is { name: string; item: string } => typeof item?.name === "string" && typeof item?.item === "string")
    .map((item) => ({ name: item.name, url: item.item }));
}
