// vitest globalSetup (workers project): starts the fake Resend-style email API (test/fixtures/email-api.mjs) on
// loopback; the Worker gets it as EMAIL_API_URL and tests read what was sent at inject('emailApiUrl') + '/sent'.
import type { TestProject } from 'vitest/node';
import { startEmailApi } from '../fixtures/email-api.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    emailApiUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const api = await startEmailApi();
  project.provide('emailApiUrl', api.url);
  return () => api.close();
}
