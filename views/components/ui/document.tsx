// The HTML document shell shared by both layouts: doctype, <head> (assets, htmx config) and <body>.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

/**
 * htmx 4 injects its indicator CSS as a constructed stylesheet by default; our CSP allows only
 * same-origin stylesheets, so that is switched off here and the indicator rules live in app.css.
 * Back and forward after an hx-push-url load the page again ("reload"): every URL renders a full page.
 */
const HTMX_CONFIG = '{"includeIndicatorCSS":false,"history":"reload"}';

export function Document(props: {
  title: string;
  bodyClass: string;
  children?: Child;
  /** Extra <head> elements (public pages: description, OpenGraph, canonical, a stylesheet). */ head?: Child;
}) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <title>{`${props.title} · Edgent`}</title>
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/assets/app.css" />
          <script src="/assets/vendor/htmx.min.js" defer></script>
          <script src="/assets/app.js" defer></script>
          {props.head}
        </head>
        <body class={props.bodyClass}>{props.children}</body>
      </html>
    </>
  );
}
