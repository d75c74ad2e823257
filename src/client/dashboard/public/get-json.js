// The server's JSON endpoints.

/** The body of a GET, or the error the server answered with. */
export async function getJson(url) {
  const res = await fetch(url, { cache: 'no-store' })
  const body = await res.json()
  if (!res.ok) throw new Error(body.error ?? `${url}: HTTP ${res.status}`)
  return body
}
