/**
 * Scheduler: one Durable Object per tenant (named by the tenant id, by the server) holding the tenant's schedule
 * triggers and firing each at its next cron time with the object's alarm.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Bindings } from '../worker/env';

export class Scheduler extends DurableObject<Bindings> {}
