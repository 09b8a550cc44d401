import type { Context } from '@schoolgate/api';

declare global {
  namespace App {
    interface Locals {
      /** The router context for this request: database, clock, session and user. */
      ctx: Context;
    }
    interface Error {
      message: string;
      reference?: string;
    }
  }
}

export {};
