import type { Cta } from "@/lib/types";

export function CallToAction({ cta }: { cta: Cta }) {
  return (
    <aside className="cta" aria-label={cta.heading}>
      <h2>{cta.heading}</h2>
      {cta.text && <p>{cta.text}</p>}
      <p className="cta-actions">
        {cta.url && (
          <a className="button" href={cta.url}>
            {cta.button_label}
          </a>
        )}
        {cta.app_store_url && <a href={cta.app_store_url}>Download on the App Store</a>}
        {cta.play_store_url && <a href={cta.play_store_url}>Get it on Google Play</a>}
      </p>
    </aside>
  );
}
