// The recording fixtures (test/fixtures/media) reach workerd through Vite: `?inline` turns a
// media file into a base64 data URL, `?raw` a JSON file into its text.
declare module '*.webm?inline' {
  const dataUrl: string;
  export default dataUrl;
}
declare module '*/media/recording.json?raw' {
  const text: string;
  export default text;
}
