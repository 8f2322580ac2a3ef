// The alert the app's chat page and the builder's test panel show when a turn is refused before it starts. A 402
// quota_exceeded refusal ends with "Upgrade at /app/billing.": for people who can act on it (owners: billing:write) that
// becomes a real link to the Billing page; others read that an owner can upgrade. Everything else is shown as it is.
import { Alert } from '../ui/alert';

const UPGRADE = /\s*Upgrade at \/app\/billing\.?\s*$/;

export function RefusalAlert(props: { code: string; message: string; canUpgrade: boolean }) {
  if (props.code !== 'quota_exceeded' || !UPGRADE.test(props.message)) return <Alert tone="error">{props.message}</Alert>;
  const text = props.message.replace(UPGRADE, '');
  return (
    <Alert tone="error">
      {text}{' '}
      {props.canUpgrade ? (
        <a href="/app/billing" data-upgrade-link>
          Upgrade at /app/billing
        </a>
      ) : (
        'Ask an owner of this organization to upgrade the plan.'
      )}
    </Alert>
  );
}
