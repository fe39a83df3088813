import { CliError } from './cli-error.ts'

/** True for a host name that is this machine: `localhost`, `127.0.0.0/8` or `[::1]` (as `URL` writes them). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

/**
 * Checks an edge endpoint before a bearer token is sent to it: an http(s) URL, and plain `http://` only to this
 * machine, since anyone on the path could read the token from a plain-text request to another host.
 * `allowInsecure` (`--allow-insecure-http`) lifts the second rule, for a trusted network.
 * @throws {CliError} `USAGE` naming the endpoint and the flag.
 */
export function checkEndpoint(command: string, endpoint: string, allowInsecure: boolean): URL {
  let url: URL | undefined
  try {
    url = new URL(endpoint)
  } catch {
    url = undefined
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new CliError('USAGE', `auspex ${command}: --endpoint ${endpoint}: expected an http(s) URL such as http://localhost:8787`)
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !allowInsecure) {
    throw new CliError('USAGE', `auspex ${command}: --endpoint ${endpoint} is plain http to another machine, so the AUSPEX_TOKEN would cross the network unencrypted; use https://${url.host}${url.pathname === '/' ? '' : url.pathname}, or add --allow-insecure-http if the network is trusted (plain http is fine for localhost, 127.0.0.1 and [::1])`)
  }
  return url
}
