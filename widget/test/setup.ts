import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';

// Vitest globals are off, so @testing-library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  localStorage.clear();
});
