/** Sends one message; throws when the mail server does not accept it. */
export interface MailTransport {
  send(message: {
    to: string;
    from: string;
    subject: string;
    text: string;
    html: string;
  }): Promise<void>;
}
