// The sandbox's clock. A clock offset must move time "as the server sees it" everywhere at once:
// the `Date` header, token expiry, and oidc-provider's own assertion checks (`exp`, `iat`, replay
// store expiry), which all read `Date.now()`. So the offset is applied by wrapping `Date.now` for
// the whole process: run the sandbox in its own process (server.mjs) when you use it.
const realNow = Date.now.bind(Date);
let offsetMs = 0;
let installed = false;

export function installClock() {
  if (installed) return;
  installed = true;
  Date.now = () => realNow() + offsetMs;
}

export function setClockOffset(seconds) {
  offsetMs = Math.round(seconds * 1000);
}

export function clockOffset() {
  return offsetMs / 1000;
}

/** Unix seconds as the server sees them. */
export function nowSec() {
  return Math.floor(Date.now() / 1000);
}

/** An RFC 9110 HTTP-date for the server's now (+ `plusSec`). */
export function httpDate(plusSec = 0) {
  return new Date(Date.now() + plusSec * 1000).toUTCString();
}
