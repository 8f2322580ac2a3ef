// vitest globalSetup (workers project): starts the scriptable OpenAI-compatible test upstream on loopback and
// provides its URL to the Workers runtime as the operator-default model endpoint.
import type { TestProject } from 'vitest/node';
import { startLlmUpstream } from '../fixtures/llm-upstream.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    llmUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const llm = await startLlmUpstream();
  project.provide('llmUrl', llm.url);
  return () => llm.close();
}
