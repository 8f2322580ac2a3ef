// ToolRunner: the Container class (one instance per agent session) that runs code tools; see the tool-runner issue.
import { Container } from '@cloudflare/containers';
import type { Bindings } from '../../worker/env';

export class ToolRunner extends Container<Bindings> {
  override defaultPort = 8080;
  override sleepAfter = '5m';
}
