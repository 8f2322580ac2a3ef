// The Edgent mark (same drawing as /favicon.svg) and the wordmark beside it.
export function LogoMark(props: { size?: number }) {
  const size = props.size ?? 24;
  return (
    <svg class="logo-mark" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="#4f46e5" />
      <path d="M10 9.5h12M10 16h8M10 22.5h12M10 9.5v13" stroke="#fff" stroke-width="3" stroke-linecap="round" fill="none" />
      <circle cx="23" cy="16" r="2.25" fill="#a5b4fc" />
    </svg>
  );
}

export function Logo(props: { href: string; size?: number }) {
  return (
    <a class="logo" href={props.href}>
      <LogoMark size={props.size} />
      <span class="logo-text">Edgent</span>
    </a>
  );
}
