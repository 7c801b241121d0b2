// Vite's `?inline` import turns a fixture file into a base64 data URL, which workerd can read.
declare module '*.xlsx?inline' {
  const dataUrl: string;
  export default dataUrl;
}
