/** Sends one message; throws when the mail server does not accept it. */
export interface MailTransport {
  send(message: {
    to: string;
    from: string;
    subject: string;
    text: string;
    html: string;
    /** Kept the same on every attempt, so a repeat can be recognised (see messageIdFor). */
    messageId: string;
  }): Promise<void>;
}
