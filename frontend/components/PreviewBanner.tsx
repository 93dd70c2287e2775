export function PreviewBanner() {
  return (
    <div className="preview-banner" role="status">
      <strong>Preview</strong> — a page you preview from the CMS shows its draft here. Readers see only what is
      published. <a href="/api/preview/exit/">Leave preview</a>
    </div>
  );
}
