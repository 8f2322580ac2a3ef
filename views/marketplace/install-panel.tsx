// The detail page's install panel (issue 18 §4, mkt-publish). STUB on main: mkt-publish renders the install button
// (signed in: installs into the current organization, then the connection-mapping step; signed out: log in first)
// and the price of a paid listing.
export function InstallPanel(props: {
  slug: string;
  pricing: { type: 'free' } | { type: 'subscription'; monthly_usd: number };
  signedIn: boolean;
  csrf: string | null;
}) {
  return (
    <div class="mkt-install">
      <p>{props.pricing.type === 'free' ? 'Free' : `$${props.pricing.monthly_usd.toFixed(2)} / month`}</p>
    </div>
  );
}
