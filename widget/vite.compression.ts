import { constants } from 'node:zlib';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import type { Plugin } from 'vite';

/**
 * Brotli (quality 11) and gzip (level 9) copies beside every text output (`app.js.br`,
 * `app.js.gz`, …), originals kept. The server sends whichever the browser accepts, and the plain
 * file otherwise (server/src/http/static-files.ts). No size threshold and no "skip if it does not
 * shrink": the server and the size test expect both copies of every file, widget.js included.
 */
export function precompress(): Plugin {
  return compression({
    include: /\.(?:js|mjs|css|html|svg|json)$/,
    algorithms: [
      defineAlgorithm('brotliCompress', {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
      }),
      defineAlgorithm('gzip', { level: 9 }),
    ],
    threshold: 0,
    skipIfLargerOrEqual: false,
    deleteOriginalAssets: false,
  });
}
