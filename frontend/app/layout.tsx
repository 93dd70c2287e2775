import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { PreviewBanner } from "@/components/PreviewBanner";
import { SearchBox } from "@/components/SearchBox";
import { pageAt } from "@/lib/cms";
import { isPreviewing } from "@/lib/preview";
import "./globals.css";

export const metadata: Metadata = {
  formatDetection: { telephone: false },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#4b2bd6",
};

async function siteName(): Promise<string> {
  const home = await pageAt("/").catch(() => null);
  return home?.seo.site_name || home?.title || "Home";
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [name, previewing] = await Promise.all([siteName(), isPreviewing()]);
  return (
    <html lang="en">
      <body>
        <a className="skip" href="#main">
          Skip to content
        </a>
        {previewing && <PreviewBanner />}
        <header className="site-header">
          <div className="wrap">
            <Link className="brand" href="/">
              {name}
            </Link>
            <nav aria-label="Main">
              <Link href="/glossary/">A–Z index</Link>
            </nav>
          </div>
          <div className="wrap">
            <SearchBox />
          </div>
        </header>
        <main id="main" className="wrap">
          {children}
        </main>
        <footer className="site-footer">
          <div className="wrap">
            <p>
              <Link href="/glossary/">Browse every term</Link> · <Link href="/search/">Search</Link>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
