/**
 * opencc-js ships its dictionaries as ES modules whose default export is the dictionary text
 * (`from to|from to|…`); the package declares no types for these subpaths.
 */
declare module 'opencc-js/dict/*' {
  const dict: string;
  export default dict;
}
