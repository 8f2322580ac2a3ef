// Vite's `?raw` imports (fixture files as text, e.g. the OpenAPI specs in test/fixtures/openapi/).
declare module '*?raw' {
  const text: string;
  export default text;
}
