/** Vite's `?inline` CSS import: the processed (and, in a build, minified) stylesheet as a string. */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
