// The drizzle schema, one file per table. GLOBAL_TABLES are the only tables allowed to lack tenant_id.
export * from './tenants';
export * from './users';
export * from './memberships';
export * from './auth-sessions';
export * from './api-keys';
export * from './agents';
export * from './agent-versions';
export * from './connections';
export * from './tools';
export * from './agent-tools';
export * from './chat-sessions';
export * from './audit-log';
export * from './rate-limits';
export * from './usage-events';
export * from './api-requests';
export * from './embed-keys';
export * from './password-resets';
export * from './embed-refused-origins';
export * from './invitations';
export * from './user-identities';
export * from './oidc-logins';
export * from './workflows';
export * from './analytics';
export * from './search-entries';
export * from './billing';
export * from './marketplace';

export const GLOBAL_TABLES = ['tenants', 'users', 'rate_limits', 'user_identities', 'oidc_logins', 'stripe_events', 'listing_reports'] as const;
