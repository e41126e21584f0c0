import { initials, shortCode } from '../format';

/** Initials on a colour derived from a stable id; decorative, the name is always shown beside it. */
export function Avatar({ name, seed, size = 'md' }: { name: string; seed: string; size?: 'sm' | 'md' | 'lg' }) {
  const hue = parseInt(shortCode(seed), 16) % 360;
  return (
    <span class={`avatar avatar-${size}`} aria-hidden="true" style={{ backgroundColor: `hsl(${hue} 45% 42%)` }}>
      {initials(name)}
    </span>
  );
}

/** The Atendo mark. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg class="logo" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <path d="M9 11h14v9h-8l-4 3v-3H9z" fill="#fff" />
    </svg>
  );
}
