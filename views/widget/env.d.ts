// Build-time constants that scripts/build-widget.mjs injects (esbuild `define`).
declare const WIDGET_CSS: string;
