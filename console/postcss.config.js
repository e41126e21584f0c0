// The breakpoints are named once, in src/styles/tokens.css (`@custom-media --phone (max-width: 600px)`),
// and used by name everywhere else (`@media (--phone)`); this plugin writes the plain media queries.
import customMedia from 'postcss-custom-media';

export default {
  plugins: [customMedia()],
};
