/**
 * HTML from the CMS's rich text fields. The CMS cleans it on the way in and
 * on the way out (tags, attributes and link schemes from a short allowlist),
 * so it is printed as is.
 */
export function RichText({ html, className = "rich" }: { html: string; className?: string }) {
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
