/** How the session cookie is named and flagged: `__Host-` and Secure whenever served for real. */
export interface SessionCookieSpec {
  name: string;
  attributes: {
    path: '/';
    httpOnly: true;
    sameSite: 'lax';
    secure: boolean;
  };
}

export function sessionCookieSpec(secure: boolean): SessionCookieSpec {
  return {
    // The __Host- prefix makes the browser refuse the cookie unless it is Secure, path=/ and has no
    // Domain, so no subdomain can plant or read it.
    name: secure ? '__Host-schoolgate_session' : 'schoolgate_session',
    attributes: { path: '/', httpOnly: true, sameSite: 'lax', secure },
  };
}
