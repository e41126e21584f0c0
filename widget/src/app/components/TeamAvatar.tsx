import { useEffect, useState } from 'preact/hooks';

/**
 * The header's avatar: the site's image (decorative: the team name is the heading beside it), or the
 * team name's initial when there is none or it does not load (e.g. a host page CSP without that image source).
 */
export function TeamAvatar({ team, url }: { team: string; url: string | undefined }) {
  const [failed, setFailed] = useState(false);
  useEffect(() => setFailed(false), [url]);
  return (
    <span class="team-avatar" aria-hidden="true">
      {url && !failed ? (
        <img
          src={url}
          alt=""
          referrerpolicy="no-referrer"
          onError={() => setFailed(true)}
          style={{ width: '100%', height: '100%', borderRadius: '50%', objectFit: 'cover' }}
        />
      ) : (
        team.trim().charAt(0).toUpperCase()
      )}
    </span>
  );
}
