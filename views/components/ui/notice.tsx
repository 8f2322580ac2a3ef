// Flash notices after a redirect: the URL carries a fixed code (?notice=…), never text, so nothing is reflected.
import { Alert } from './alert';

const NOTICES: Record<string, string> = {
  connection_created: 'Connection saved. Test it to check the credentials.',
  connection_updated: 'Connection updated.',
  connection_deleted: 'Connection deleted.',
  tool_created: 'Tool created. Try it below, then add it to an agent.',
  tool_updated: 'Tool updated. New conversations use the new version.',
  tool_deleted: 'Tool deleted.',
  tools_imported: 'Tools imported from the spec.',
  agent_created: 'Agent created. Shape it here and try it in the test panel before saving.',
  agent_deleted: 'Agent deleted.',
  no_changes: 'No changes to save: the agent stays at its current version.',
  key_revoked: 'API key revoked. Requests with it are refused from now on.',
  renamed: 'Organization renamed.',
  sharing_saved: 'Sharing saved: it applies at once.',
  link_rotated: 'Share link rotated: the old link no longer works.',
};

export function Notice(props: { code?: string | null; extra?: string }) {
  const text = props.code ? NOTICES[props.code] : undefined;
  if (!text && !props.extra) return null;
  return (
    <Alert tone="success">
      {text}
      {props.extra && ` ${props.extra}`}
    </Alert>
  );
}
