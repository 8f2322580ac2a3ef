// vitest globalSetup (workers project): starts a real OpenID provider (test/fixtures/oidc-provider.mjs) on loopback;
// the Worker gets it as OIDC_ISSUER, and tests create accounts at inject('oidcIssuer') + '/test/accounts'.
import type { TestProject } from 'vitest/node';
import { startOidcProvider } from '../fixtures/oidc-provider.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    oidcIssuer: string;
  }
}

export default async function setup(project: TestProject) {
  // The workers tests call the Worker as http://edgent.test (test/workers/helpers/api.ts).
  const provider = await startOidcProvider({ redirectUris: ['http://edgent.test/auth/oidc/callback'] });
  project.provide('oidcIssuer', provider.issuer);
  return () => provider.close();
}
