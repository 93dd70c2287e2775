import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = {
  title: "Page not found",
  robots: { index: false, follow: true },
};

export default function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no page at this address. The term may have been renamed or removed.</p>
      <p>
        Search for it above, or <Link href="/glossary/">browse every term from A to Z</Link>.
      </p>
    </>
  );
}
