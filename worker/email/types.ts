// The outgoing-email interface every sender implements (worker/email/http-email-sender.ts is the real one).
export type EmailMessage = { to: string; subject: string; text: string; html?: string };

export interface EmailSender {
  /** Hands the message to the provider; throws when the provider refuses it. */
  send(message: EmailMessage): Promise<void>;
}

export type EmailEnv = { EMAIL_API_URL?: string; EMAIL_API_KEY?: string; EMAIL_FROM?: string };
