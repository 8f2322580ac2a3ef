// Single sign-ons under way: keyed by the SHA-256 of `state`, bound to the browser by the hash of a cookie, used once.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const oidcLogins = sqliteTable(
  'oidc_logins',
  {
    stateHash: text('state_hash').primaryKey(),
    browserHash: text('browser_hash').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    /** The same-site path to return to (already checked by safeRedirectPath). */
    next: text('next').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('oidc_logins_expires_idx').on(t.expiresAt)],
);
