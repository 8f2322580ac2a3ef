// OpenAPI entries of worker/routes/protocols/share.ts: a share link's visitor API, the widget's in shape, used by the
// hosted page /s/{token} (same origin; no cookie, no API key: the link, then a visitor token per conversation).
import { z } from 'zod';
import { visitorMessageSchema } from '../../routes/protocols/embed';
import { visitorEvent } from '../../schemas/embed';
import { routeDocs } from '../registry';
import { FILES_IN_CHAT, eventList, fileDownload, messageWithFile } from './common';

const token = { token: 'The share link’s token (the last part of its URL)' };
const visitor = { ...token, id: 'The conversation id from POST /s/{token}/api/sessions' };
const LINK = 'A rotated link, or an agent no longer shared by link, answers 404.';

export const docs = routeDocs([
  {
    method: 'get',
    path: '/s/{token}/api/config',
    operationId: 'shareConfig',
    tag: 'Share links',
    auth: 'none',
    params: token,
    summary: 'What the share page shows: the agent’s name',
    description: LINK,
    responses: { 200: { description: 'The configuration', schema: 'WidgetConfig' } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/s/{token}/api/sessions',
    operationId: 'shareStart',
    tag: 'Share links',
    auth: 'none',
    params: token,
    summary: 'Start a visitor conversation on a share link',
    description: `${LINK} New conversations per IP are limited like the widget’s.`,
    responses: { 201: { description: 'The conversation and its visitor token', schema: 'VisitorToken' } },
    errors: [404, 429],
  },
  {
    method: 'post',
    path: '/s/{token}/api/sessions/{id}/token',
    operationId: 'shareRefreshToken',
    tag: 'Share links',
    auth: 'visitor',
    params: visitor,
    summary: 'Renew a visitor token (also shortly after it expired)',
    description: `${LINK} A token of a rotated link opens nothing.`,
    responses: { 200: { description: 'A new token', schema: 'VisitorToken' } },
    errors: [404],
  },
  {
    method: 'get',
    path: '/s/{token}/api/sessions/{id}/messages',
    operationId: 'shareHistory',
    tag: 'Share links',
    auth: 'visitor',
    params: visitor,
    summary: 'The conversation as the visitor sees it (no tool activity)',
    responses: { 200: { description: 'The messages', schema: 'VisitorHistory' } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/s/{token}/api/sessions/{id}/messages',
    operationId: 'shareSend',
    tag: 'Share links',
    auth: 'visitor',
    params: visitor,
    body: visitorMessageSchema,
    multipart: messageWithFile(),
    summary: 'Send a visitor message; the reply streams back',
    description: `Limited per visitor and per IP (429 with Retry-After). SSE events: ${eventList(visitorEvent)}.\n\n${FILES_IN_CHAT}`,
    responses: { 200: { description: 'The reply as Server-Sent Events', sse: 'VisitorEvent' } },
    errors: [404, 409, 413, 415, 429],
  },
  {
    method: 'get',
    path: '/s/{token}/api/sessions/{id}/files/{file_id}',
    operationId: 'shareDownloadFile',
    tag: 'Share links',
    auth: 'visitor',
    params: { ...visitor, file_id: 'The file id (`fil_…`) of a message of this conversation' },
    ...fileDownload,
    description: `The visitor's own conversation only (the visitor token opens no other). ${fileDownload.description}`,
    errors: [404],
  },
  {
    method: 'get',
    path: '/s/{token}/api/sessions/{id}/stream',
    operationId: 'shareResumeStream',
    tag: 'Share links',
    auth: 'visitor',
    params: visitor,
    query: { last_event_id: { schema: z.string(), description: 'The id of the last event received (or send the `Last-Event-ID` header)' } },
    summary: 'Re-attach to the reply being written (after a dropped stream or a reload)',
    responses: { 200: { description: 'The SSE stream of the reply’s remaining events', sse: 'VisitorEvent' }, 204: { description: 'Nothing to resume' } },
    errors: [400, 404],
  },
]);
