// The detail page's install panel (issue 18 §4, mkt-publish): the price, then — signed in — a plain form that installs
// into the current organization (POST /app/marketplace/:slug/install → the connection-mapping step; a paid listing
// without a subscription goes to its checkout first); signed out — "Sign in to install", coming back to the page.
export function InstallPanel(props: {
  slug: string;
  pricing: { type: 'free' } | { type: 'subscription'; monthly_usd: number };
  signedIn: boolean;
  csrf: string | null;
  /** Optional: the tools that need a connection after installing (by kind), shown as a hint. */
  needs?: { name: string; kind: string }[];
}) {
  const slug = encodeURIComponent(props.slug);
  const price = props.pricing.type === 'free' ? 'Free' : `$${props.pricing.monthly_usd.toFixed(2)} / month`;
  return (
    <div class="mkt-install">
      <p class="mkt-install-price">{price}</p>
      {props.signedIn ? (
        <form method="post" action={`/app/marketplace/${slug}/install`}>
          <input type="hidden" name="_csrf" value={props.csrf ?? ''} />
          <button type="submit" class="btn btn-primary btn-block">
            {props.pricing.type === 'free' ? 'Install' : 'Subscribe and install'}
          </button>
        </form>
      ) : (
        <a class="btn btn-primary btn-block" href={`/login?next=${encodeURIComponent(`/marketplace/${props.slug}`)}`}>
          Sign in to install
        </a>
      )}
      <p class="mkt-install-note">
        Installs a copy into your organization, without the creator’s connections or secrets.
        {props.needs && props.needs.length > 0 && ` You connect your own accounts for: ${props.needs.map((n) => `${n.name} (${n.kind})`).join(', ')}.`}
      </p>
    </div>
  );
}
