// Outgoing email: one small interface, and the sender the operator configured (or none; then nothing is mailed).
import { httpEmailSender } from './http-email-sender';

export type EmailMessage = { to: string; subject: string; text: string; html?: string };

export interface EmailSender {
  /** Hands the message to the provider; throws when the provider refuses it. */
  send(message: EmailMessage): Promise<void>;
}

export type EmailEnv = { EMAIL_API_URL?: string; EMAIL_API_KEY?: string; EMAIL_FROM?: string };

/** The configured sender: EMAIL_API_URL, EMAIL_API_KEY and EMAIL_FROM all set, else null. */
export function emailSender(env: EmailEnv): EmailSender | null {
  if (!env.EMAIL_API_URL || !env.EMAIL_API_KEY || !env.EMAIL_FROM) return null;
  return httpEmailSender({ url: env.EMAIL_API_URL, apiKey: env.EMAIL_API_KEY, from: env.EMAIL_FROM });
}
