// Outgoing email: the sender the operator configured (or none; then nothing is mailed).
import { httpEmailSender } from './http-email-sender';
import type { EmailEnv, EmailSender } from './types';

export type { EmailEnv, EmailMessage, EmailSender } from './types';

/** The configured sender: EMAIL_API_URL, EMAIL_API_KEY and EMAIL_FROM all set, else null. */
export function emailSender(env: EmailEnv): EmailSender | null {
  if (!env.EMAIL_API_URL || !env.EMAIL_API_KEY || !env.EMAIL_FROM) return null;
  return httpEmailSender({ url: env.EMAIL_API_URL, apiKey: env.EMAIL_API_KEY, from: env.EMAIL_FROM });
}
