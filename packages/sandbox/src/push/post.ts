/**
 * One push attempt over node:http(s), connected to an address the policy checked (never re-resolved by the socket).
 * Not `fetch`: fetch resolves the name again when it connects (a rebinding window) and follows redirects. Here a
 * redirect is just a non-2xx status, the answer's body is never read, and the socket is closed after the status line.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { PushAddress } from './policy';

/** POSTs `body` to `url`, connecting to `target`; resolves with the answer's status, rejects on a network error or when `signal` aborts. */
export function postTo(url: URL, target: PushAddress, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const https = url.protocol === 'https:';
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const request = (https ? httpsRequest : httpRequest)({
      host: target.address,
      family: target.family,
      port: url.port === '' ? (https ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      // The Host header and the TLS server name are the URL's, the socket goes to the checked address.
      headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)) },
      ...(https && isIP(hostname) === 0 ? { servername: hostname } : {}),
      // One connection per attempt, closed when the attempt ends: open sockets never outnumber attempts in flight.
      agent: false,
      signal,
    });
    request.once('response', (response: IncomingMessage) => {
      resolve(response.statusCode ?? 0);
      response.destroy();
      request.destroy();
    });
    request.once('error', reject);
    request.end(body);
  });
}
