// OpenAPI entries of the feedback routes: thumbs on answers from the sessions API (worker/routes/api/sessions.ts), the
// widget's visitor API (worker/routes/protocols/embed.ts) and a share link's (worker/routes/protocols/share.ts).
import { feedbackInput } from '../../schemas/analytics';
import { type RouteDoc, routeDocs } from '../registry';

const ONE = 'One rating per answer: a new one replaces it; DELETE clears it. Only assistant messages can be rated (a user message → 400).';
const VISITOR = 'The visitor token opens the conversation; a visitor may rate 30 times a minute per conversation (429 with Retry-After).';

const pair = (base: string, id: string, tag: string, more: Partial<RouteDoc>, params: Record<string, string>): RouteDoc[] => [
  {
    method: 'post',
    path: `${base}/messages/{message_id}/feedback`,
    operationId: `${id}Rate`,
    tag,
    params,
    body: feedbackInput,
    summary: 'Rate an answer (thumbs up or down, with an optional comment)',
    description: `${ONE} ${more.description ?? ''}`.trim(),
    responses: { 204: { description: 'Stored' } },
    errors: [400, 404, ...(more.errors ?? [])],
    ...(more.auth ? { auth: more.auth } : {}),
    ...(more.scopes ? { scopes: more.scopes } : {}),
  },
  {
    method: 'delete',
    path: `${base}/messages/{message_id}/feedback`,
    operationId: `${id}Unrate`,
    tag,
    params,
    summary: 'Clear the rating of an answer',
    description: `Answers 204 whether or not the answer was rated. ${more.description ?? ''}`.trim(),
    responses: { 204: { description: 'Cleared' } },
    errors: [400, 404, ...(more.errors ?? [])],
    ...(more.auth ? { auth: more.auth } : {}),
    ...(more.scopes ? { scopes: more.scopes } : {}),
  },
];

export const docs = routeDocs([
  ...pair(
    '/api/v1/sessions/{id}',
    'feedback',
    'Sessions',
    { scopes: ['sessions:write'] },
    { id: 'The session id (`ses_…`)', message_id: 'The answer’s id (`msg_…`)' },
  ),
  ...pair(
    '/embed/v1/{pk}/sessions/{id}',
    'widget',
    'Widget',
    { auth: 'visitor', description: VISITOR, errors: [403, 429] },
    { pk: 'The embed key’s public key (`pk_…`)', id: 'The conversation id', message_id: 'The answer’s id (`msg_…`)' },
  ),
  ...pair(
    '/s/{token}/api/sessions/{id}',
    'share',
    'Share links',
    { auth: 'visitor', description: VISITOR, errors: [429] },
    { token: 'The share link’s token', id: 'The conversation id', message_id: 'The answer’s id (`msg_…`)' },
  ),
]);
