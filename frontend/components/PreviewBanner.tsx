export function PreviewBanner() {
  return (
    <div className="preview-banner" role="status">
      <strong>Preview</strong> — you are looking at a draft. Readers do not see it until it is published.{" "}
      <a href="/api/preview/exit/">Leave preview</a>
    </div>
  );
}
