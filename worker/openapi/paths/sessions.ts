// OpenAPI entries of worker/routes/api/sessions.ts (conversations, messages JSON or SSE, re-attach, trace, cancel).
import { z } from 'zod';
import { sendMessageSchema } from '../../routes/api/sessions';
import { routeDocs } from '../registry';
import { chatEvent } from '../../schemas/chat';
import { FILES_IN_CHAT, eventList, fileDownload, messageWithFile, pageQuery } from './common';

const id = { id: 'The session id (`ses_…`)' };
const EVENTS = [
  'With `stream: true` (or `Accept: text/event-stream`) the answer is Server-Sent Events, each with an `id:` (`<turn>-<event>`), `event: <type>` and a JSON `data:` line:',
  `${eventList(chatEvent)} (the \`ChatEvent\` schema); a turn ends with \`message.completed\` or \`error\`.`,
  'A model failure before the provider starts answering is the HTTP status, not a stream: 429 (with `Retry-After`) when the provider rate-limits, 502, 504, or 400 when the agent cannot run; the error `details` name the turn code. After that a failure is an `error` event.',
  'One turn at a time per session: a message sent while a reply is being generated gets 409.',
  'The turn keeps running when the client goes away (re-attach with GET …/stream and `Last-Event-ID`); only POST …/cancel stops it.',
].join(' ');

export const docs = routeDocs([
  {
    method: 'get',
    path: '/api/v1/sessions',
    operationId: 'listSessions',
    tag: 'Sessions',
    scopes: ['sessions:read'],
    query: {
      ...pageQuery,
      agent_id: { schema: z.string(), description: 'Only this agent’s sessions' },
      q: {
        schema: z.string().max(200),
        description:
          'Search the messages of stored conversations (kept 30 days): every word must match, the last one as a prefix; FTS syntax is plain text. Results are ranked best first (bm25), each with `match` (the best message and a snippet with `<mark>`); the cursor is an offset.',
      },
      feedback: {
        schema: z.enum(['up', 'down', 'any', 'none']),
        description: 'Only conversations with an answer rated up / down / either, or with none rated',
      },
    },
    summary: 'List conversations, newest first (or search them with q)',
    responses: { 200: { description: 'A page of sessions', schema: 'SessionList' } },
  },
  {
    method: 'get',
    path: '/api/v1/sessions/{id}',
    operationId: 'getSession',
    tag: 'Sessions',
    scopes: ['sessions:read'],
    params: id,
    summary: 'Read a conversation',
    responses: { 200: { description: 'The session', schema: 'Session' } },
    errors: [404],
  },
  {
    method: 'delete',
    path: '/api/v1/sessions/{id}',
    operationId: 'deleteSession',
    tag: 'Sessions',
    scopes: ['sessions:write'],
    params: id,
    summary: 'Delete a conversation and its history',
    responses: { 204: { description: 'Deleted' } },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/v1/sessions/{id}/messages',
    operationId: 'listMessages',
    tag: 'Sessions',
    scopes: ['sessions:read'],
    params: id,
    summary: 'The messages, oldest first',
    responses: { 200: { description: 'All messages', schema: 'MessageList' } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/sessions/{id}/messages',
    operationId: 'sendMessage',
    tag: 'Sessions',
    scopes: ['sessions:write'],
    params: id,
    body: sendMessageSchema,
    multipart: messageWithFile({ stream: { type: 'string', enum: ['true', 'false'] } }),
    summary: 'Send a message and get the reply (JSON or a stream)',
    description: `${EVENTS}\n\n${FILES_IN_CHAT}`,
    responses: { 200: { description: 'The finished turn, or the SSE stream of its events', schema: 'Reply', sse: 'ChatEvent' } },
    errors: [400, 404, 409, 413, 415, 429, 502, 504],
  },
  {
    method: 'get',
    path: '/api/v1/sessions/{id}/stream',
    operationId: 'resumeStream',
    tag: 'Sessions',
    scopes: ['sessions:read'],
    params: id,
    query: { last_event_id: { schema: z.string(), description: 'The id of the last event received (or send the `Last-Event-ID` header)' } },
    summary: 'Re-attach to the running or just-finished turn',
    description:
      'The events after `Last-Event-ID` (all of the turn’s events without one), then live ones; the stream ends after `message.completed` or `error`. No running turn and nothing missed → 204.',
    responses: { 200: { description: 'The SSE stream of the turn’s remaining events', sse: true }, 204: { description: 'Nothing to resume' } },
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/api/v1/sessions/{id}/files/{file_id}',
    operationId: 'downloadFile',
    tag: 'Sessions',
    scopes: ['sessions:read'],
    params: { ...id, file_id: 'The file id (`fil_…`): the `id` of a message’s `file`' },
    ...fileDownload,
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/v1/sessions/{id}/trace',
    operationId: 'getTrace',
    tag: 'Sessions',
    scopes: ['sessions:read'],
    params: id,
    summary: 'Every step: model calls and tool calls, secrets redacted',
    responses: { 200: { description: 'The steps', schema: 'Trace' } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/sessions/{id}/cancel',
    operationId: 'cancelTurn',
    tag: 'Sessions',
    scopes: ['sessions:write'],
    params: id,
    summary: 'Stop the reply being generated',
    responses: { 200: { description: 'Whether a turn was running', schema: 'CancelResult' } },
    errors: [404],
  },
]);
