// Vite's `?raw` imports (fixture files as text, e.g. the OpenAPI specs in test/fixtures/openapi/).
declare module '*?raw' {
  const text: string;
  export default text;
}
// Vite's `?inline` imports: a binary fixture (PDF, DOCX) as a base64 `data:` URL.
declare module '*?inline' {
  const dataUrl: string;
  export default dataUrl;
}
