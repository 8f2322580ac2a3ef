// The detail page's "try it" chat (issue 18 §3, mkt-community). STUB on main: mkt-community renders a chat with the
// published version through /marketplace/:slug/try/api (routes/protocols/try-it.ts).
export function TryItSection(_props: { slug: string; title: string }) {
  return null;
}
