/** Entry point: mount the app and find out whether the agent is signed in. */
import { render } from 'preact';
import { effect } from '@preact/signals';
import './styles/index.css';
import { App } from './shell/App';
import { unreadTotal } from './state/conversations';
import { boot } from './state/session';
import { translateValidity } from './validity';

// "(2) Atendo" in the tab title when conversations wait for an answer.
effect(() => {
  const n = unreadTotal.value;
  document.title = n > 0 ? `(${n}) Atendo` : 'Atendo';
});

// The browser's "fill in this field" bubbles in the agent's language, not the browser's.
translateValidity();

const root = document.getElementById('app');
if (root) {
  render(<App />, root);
  void boot();
}
