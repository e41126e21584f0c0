// The writer thread's entry when the server runs from TypeScript (tsx, tests): register tsx in this
// thread, then load the real entry. The built server starts dist/writer.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./writer-worker.ts');
