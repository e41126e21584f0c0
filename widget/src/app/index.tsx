/**
 * The chat app (`/widget/app.js`), loaded by the loader on the first click or API call. See
 * `../contract.ts`: `mount` draws the panel into the loader's shadow root, owns the launcher's
 * state and runs the JS API; `preload` only paints.
 */
import { pickLocale, type Locale, type Trigger } from '@atendo/shared';
import { render } from 'preact';
import type { AppModule, MountOptions, WidgetHandle } from '../contract';
import { createAnnouncer, followVisualViewport } from './a11y';
import { cleanAttributes, createEvents, identify, warn } from './api';
import { createAttention } from './attention';
import { createChat, type ConfigState } from './chat';
import { prefetchIntake } from './components/IntakeEntry';
import { Greeting } from './components/Proactive';
import { Widget } from './components/Widget';
import { applyTheme, loadConfig } from './config';
import { makeT } from './i18n';
import { tokenStore } from './token';
import { watchNavigation } from './navigation';
import { reflectLauncher } from './launcher';
import css from './styles.css?inline';
import { adoptOnce } from './sheet';

function theme(root: ShadowRoot, options: MountOptions) {
  // The loader's own request for the config (started beside the app's import) is used once.
  const prefetched = options.config;
  options.config = undefined;
  return loadConfig(options.origin, options.siteId, fetch, prefetched).then((state) => {
    if (state.status === 'ready') applyTheme(root, state.config.color);
    return state;
  });
}

/** Mounted widgets per shadow root: a fired trigger mounts before the loader does, and the loader then gets the same one. */
const mounted = new WeakMap<ShadowRoot, { handle: WidgetHandle; proactive(t: Trigger): boolean }>();
const armed = new WeakSet<ShadowRoot>();

/**
 * Proactive messages: on a site with enabled triggers, load the trigger chunk and arm this page's
 * timers (once per page). A trigger that fires mounts the widget and shows its greeting.
 */
function armTriggers(root: ShadowRoot, options: MountOptions, state: ConfigState): void {
  const triggers = state.status === 'ready' ? (state.config.settings?.triggers ?? []).filter((t) => t.enabled) : [];
  if (!triggers.length || armed.has(root)) return;
  armed.add(root);
  import('./triggers').then(
    ({ watchTriggers, triggerMemory }) => {
      let storage: Storage | null = null;
      try {
        storage = localStorage;
      } catch {
        /* blocked: remembered for this page only */
      }
      watchTriggers({
        triggers,
        getUrl: () => location.href,
        memory: triggerMemory(options.siteId, storage),
        elapsedMs: performance.now(),
        fire: (t) => (mounted.get(root) ?? (mount(root, options), mounted.get(root)!)).proactive(t),
      });
    },
    () => armed.delete(root),
  );
}

export const preload: AppModule['preload'] = (root, options) => {
  void theme(root, options).then((state) => {
    // The closed bubble shows the site's corner and label from the start, not from the first open.
    if (state.status === 'ready' && !mounted.has(root)) {
      const { position = 'right', launcherLabel = '' } = state.config;
      // The label and the left corner are styled by the app's sheet (the loader's has only the bubble).
      adoptOnce(options.launcher, css);
      reflectLauncher(options.launcher, { open: false, unread: 0, label: launcherLabel, position }, makeT(pickLocale([options.locale])));
    }
    armTriggers(root, options, state);
    // A visitor with a saved session resumes a conversation: no form for them.
    if (!tokenStore(options.siteId).get()) prefetchIntake(state);
  });
};

export const mount: AppModule['mount'] = (root: ShadowRoot, options: MountOptions): WidgetHandle => {
  const existing = mounted.get(root);
  if (existing) return existing.handle;
  const { siteId, origin, launcher } = options;
  let locale: Locale = pickLocale([options.locale]);
  let t = makeT(locale);
  const events = createEvents();
  const announce = createAnnouncer(root);
  const attention = createAttention({ label: (n) => t(n === 1 ? 'newMessage' : 'newMessages') });
  const teamName = () => {
    const c = chat.getSnapshot().config;
    return (c.status === 'ready' && c.config.teamName.trim()) || t('title');
  };
  const chat = createChat({
    siteId,
    origin,
    locale,
    onAgentMessage: (m) => {
      events.emit('message', { body: m.body, authorName: m.authorName, createdAt: m.createdAt, conversationId: m.conversationId });
      announce(`${m.authorName || teamName()}: ${m.body}`);
      attention.notify();
    },
  });
  const configured = theme(root, options).then((state) => {
    chat.setConfig(state);
    armTriggers(root, options, state);
  });

  // The launcher and the `open` / `close` / `unread` events follow the controller's snapshot.
  let last = { open: false, unread: 0 };
  const reflect = () => {
    const snap = chat.getSnapshot();
    const config = snap.config.status === 'ready' ? snap.config.config : null;
    const position = config?.position ?? 'right';
    reflectLauncher(launcher, { open: snap.open, unread: snap.unread, label: config?.launcherLabel ?? '', position }, t);
    container.classList.toggle('left', position === 'left');
    if (snap.open !== last.open) events.emit(snap.open ? 'open' : 'close');
    if (snap.unread !== last.unread) events.emit('unread', snap.unread);
    last = { open: snap.open, unread: snap.unread };
  };
  chat.subscribe(reflect);

  const container = document.createElement('div');
  container.className = 'atendo';
  const draw = () => {
    container.lang = locale;
    render(
      <>
        <Widget chat={chat} t={t} locale={locale} onClose={handle.close} />
        <Greeting chat={chat} t={t} onOpen={handle.open} />
      </>,
      container,
    );
    reflect();
  };

  const handle: WidgetHandle = {
    open() {
      chat.setOpen(true);
    },
    close() {
      if (!chat.getSnapshot().open) return;
      chat.setOpen(false);
      launcher.focus();
    },
    toggle() {
      if (chat.getSnapshot().open) handle.close();
      else handle.open();
    },
    /** The JS API (docs/widget.md, "JavaScript API"). Bad calls are logged and ignored, never thrown. */
    call(command, ...args) {
      switch (command) {
        case 'open':
        case 'close':
        case 'toggle':
          return handle[command]();
        case 'on':
          return events.on(args[0], args[1]);
        case 'off':
          return events.off(args[0], args[1]);
        case 'identify':
          if (args[0] === null || identify(args[0])) chat.reidentify();
          return;
        case 'setAttributes': {
          const attrs = cleanAttributes(args[0]);
          if (attrs) chat.setAttributes(attrs);
          return;
        }
        case 'setLocale': {
          if (typeof args[0] !== 'string') return warn('setLocale', 'expects "en", "pt-BR" or "ru"');
          locale = pickLocale([args[0]]);
          t = makeT(locale);
          chat.setLocale(locale);
          return draw();
        }
        default:
          warn(command);
      }
    },
  };

  adoptOnce(launcher, css);
  root.append(container);
  followVisualViewport(container);
  draw();
  chat.resume();
  watchNavigation(() => chat.page());
  mounted.set(root, {
    handle,
    proactive(trigger) {
      // Never over a conversation the visitor is looking at.
      if (chat.getSnapshot().open) return false;
      chat.showProactive({ triggerId: trigger.id, name: trigger.name, body: trigger.message, createdAt: Date.now() });
      void configured.then(() => announce(`${teamName()}: ${trigger.message}`));
      return true;
    },
  });
  return handle;
};
