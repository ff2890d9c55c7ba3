/** Raw HTTP against the emulator, for tests whose point is the wire format itself. */
export interface RawResponse {
  status: number;
  headers: Headers;
  body: any;
}

export async function raw(
  url: string,
  method: string,
  path: string,
  options: { key?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers.Authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(url + path, { method, headers, body: options.body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? null : JSON.parse(text) };
}

/** Catches the SDK's rejection so a test can look at the error. */
export async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail, but it succeeded');
}
