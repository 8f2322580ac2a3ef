// OpenAPI entries of worker/routes/api/billing.ts.
import { GRACE_DAYS } from '../../services/billing';
import { routeDocs } from '../registry';

export const docs = routeDocs([
  {
    method: 'get',
    path: '/api/v1/billing',
    operationId: 'getBilling',
    tag: 'Billing',
    summary: 'The plan, its period and usage against each limit (owners)',
    description:
      'The plan that applies now (`free`, `pro` or `team`), the Stripe subscription’s `status` (`none` when there is none), the period (the subscription’s current period on a paid plan, the calendar month in UTC on Free), and usage against each limit (`null`: unlimited): messages, tokens and workflow runs this period; seats (members), agents and live embed keys now. ' +
      `After a failed payment the paid plan is kept for ${GRACE_DAYS} days (\`grace_until\`), then the Free plan’s limits apply; nothing is deleted. ` +
      'Without billing configured on the installation (`billing_enabled: false`) every organization has the Free plan’s limits. Owners only (403 for other roles; an API key needs the `*` scope).',
    responses: { 200: { description: 'The billing overview', schema: 'BillingAnswer' } },
    errors: [403],
  },
]);
