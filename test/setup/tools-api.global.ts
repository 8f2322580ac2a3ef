// vitest globalSetup (workers project): starts the third-party API and the real MCP server the tool tests call
// (test/fixtures/tools-api.mjs) on loopback and provides its URL; tests read it with inject('toolsApiUrl').
import type { TestProject } from 'vitest/node';
import { startToolsApi } from '../fixtures/tools-api.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    toolsApiUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const api = await startToolsApi();
  project.provide('toolsApiUrl', api.url);
  return () => api.close();
}
