// vitest globalSetup (workers project): starts the tool-runner server (containers/tool-runner) as a local process,
// the URL transport's stand-in for the ToolRunner container, and provides its URL and token to the Workers runtime.
import type { TestProject } from 'vitest/node';
import { startToolRunner } from '../../containers/tool-runner/local-process.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    toolRunnerUrl: string;
    toolRunnerToken: string;
  }
}

export default async function setup(project: TestProject) {
  const runner = await startToolRunner({ log: (line) => console.error(`[tool-runner] ${line}`) });
  project.provide('toolRunnerUrl', runner.url);
  project.provide('toolRunnerToken', runner.token);
  return () => runner.stop();
}
