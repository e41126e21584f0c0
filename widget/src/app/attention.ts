/**
 * Getting the visitor's attention when the team writes while the host tab is in the background:
 * a short tone and "(1) New message – <title>" in the tab title until the tab is visible again.
 */

interface DocLike {
  title: string;
  visibilityState: DocumentVisibilityState;
  addEventListener(type: 'visibilitychange', fn: () => void): void;
}

export interface AttentionOptions {
  doc?: DocLike;
  /** "New message" / "New messages" in the visitor's language. */
  label(count: number): string;
  /** Plays the tone; `beep` by default. */
  sound?(): void;
}

/** Returns `notify()`, to call for each new message from the team. Does nothing while the tab is visible. */
export function createAttention(opts: AttentionOptions): { notify(): void } {
  const doc = opts.doc ?? document;
  const sound = opts.sound ?? beep;
  let original: string | null = null;
  let shown = '';
  let count = 0;
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'hidden' || original === null) return;
    // Restore exactly what the page had, unless the page changed its title meanwhile (then theirs stays).
    if (doc.title === shown) doc.title = original;
    original = null;
    count = 0;
  });
  return {
    notify() {
      if (doc.visibilityState !== 'hidden') return;
      sound();
      if (original === null || doc.title !== shown) original = doc.title;
      count += 1;
      shown = `(${count}) ${opts.label(count)} – ${original}`;
      doc.title = shown;
    },
  };
}

let audio: AudioContext | undefined;

/**
 * A soft two-tone chime from an oscillator (no audio file). Browsers refuse audio before the
 * visitor has interacted with the page; then, and on any other failure, it stays silent.
 */
export function beep(): void {
  try {
    const activation = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation;
    if (activation && !activation.hasBeenActive) return;
    const AC = globalThis.AudioContext ?? (globalThis as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AC) return;
    audio ??= new AC();
    if (audio.state === 'suspended') audio.resume().catch(() => {});
    const t = audio.currentTime;
    const gain = audio.createGain();
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.12, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.35);
    gain.connect(audio.destination);
    const osc = audio.createOscillator();
    osc.type = 'sine';
    osc.frequency.setValueAtTime(880, t);
    osc.frequency.setValueAtTime(1320, t + 0.12);
    osc.connect(gain);
    osc.start(t);
    osc.stop(t + 0.36);
  } catch {
    /* no sound: the title still changes */
  }
}
