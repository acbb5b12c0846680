// Vite's `?url` imports: the emitted file's URL, relative to the page.
declare module '*?url' {
  const url: string;
  export default url;
}

// Vite's `?worker&url` imports: the bundled worker's URL.
declare module '*?worker&url' {
  const url: string;
  export default url;
}
