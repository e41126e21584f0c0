import type { Site } from '@atendo/shared';

/** "Site" select for settings that are per site; nothing when there is only one site. */
export function SitePicker({ sites, value, label, onChange }: { sites: readonly Site[]; value: string; label: string; onChange(siteId: string): void }) {
  if (sites.length < 2) return null;
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {sites.map((s) => (
          <option key={s.siteId} value={s.siteId}>
            {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}
