// The console's only way to the data: POST /graphql with the session cookie. The cookie is
// HttpOnly, so the console never reads the token. The browser adds it to each request and
// sends the Origin header that the server checks against CSRF.

import { language } from './i18n.js';

function metaContent(name) {
  const element = document.querySelector(`meta[name="${name}"]`);
  return element ? element.content : '';
}

/** Path of the API's root, where /graphql, /exports and /media live ("" at the site root). */
export const API_ROOT = metaContent('api-root');
export const GRAPHQL_URL = `${API_ROOT}/graphql`;

/** A failed request: `code` is the API's extensions.code (or NETWORK / BAD_RESPONSE). */
export class ApiError extends Error {
  constructor(message, code, errors = [], data = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.errors = errors;
    this.data = data;
  }
}

const SIGNED_OUT_EVENT = 'console:signed-out';

/** Call `listener()` when the API reports that the session has ended. */
export function onSignedOut(listener) {
  window.addEventListener(SIGNED_OUT_EVENT, listener);
}

function requestHeaders() {
  return { Accept: 'application/json', 'Accept-Language': language() };
}

function resultOf(status, body) {
  if (!body || typeof body !== 'object') {
    throw new ApiError(`HTTP ${status}`, 'BAD_RESPONSE');
  }
  if (body.errors && body.errors.length) {
    const first = body.errors[0];
    const code = (first.extensions && first.extensions.code) || 'GRAPHQL_ERROR';
    if (code === 'UNAUTHENTICATED') window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT));
    throw new ApiError(first.message, code, body.errors, body.data || null);
  }
  return body.data;
}

/** Run a GraphQL query or mutation and return its data, or throw an ApiError. */
export async function graphql(query, variables = {}, { signal } = {}) {
  let response;
  try {
    response = await fetch(GRAPHQL_URL, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { ...requestHeaders(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(error.message, 'NETWORK');
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`HTTP ${response.status}`, 'BAD_RESPONSE');
  }
  return resultOf(response.status, body);
}

function setPath(target, path, value) {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key];
  node[keys[keys.length - 1]] = value;
}

/**
 * Send a mutation with files, as the GraphQL multipart request spec describes: an
 * `operations` part whose file variables are null, a `map` part from part name to
 * variable path, then one part per file.
 *
 * `files` maps a variable path ("variables.input.file") to a File. `onProgress` gets
 * {loaded, total} while the body uploads, and {loaded: total, total, done: true} once the
 * server has it all and is working. XMLHttpRequest is used because fetch reports no
 * upload progress.
 */
export function graphqlUpload(query, variables, files, { onProgress, signal } = {}) {
  const operations = { query, variables: structuredClone(variables) };
  const map = {};
  const form = new FormData();
  Object.keys(files).forEach((path, index) => {
    setPath(operations, path, null);
    map[String(index)] = [path];
  });
  form.append('operations', JSON.stringify(operations));
  form.append('map', JSON.stringify(map));
  Object.values(files).forEach((file, index) => form.append(String(index), file, file.name));

  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', GRAPHQL_URL);
    for (const [name, value] of Object.entries(requestHeaders())) request.setRequestHeader(name, value);
    request.responseType = 'json';
    request.upload.addEventListener('progress', (event) => {
      if (onProgress && event.lengthComputable) onProgress({ loaded: event.loaded, total: event.total });
    });
    request.upload.addEventListener('load', () => {
      if (onProgress) onProgress({ loaded: 1, total: 1, done: true });
    });
    request.addEventListener('load', () => {
      try {
        resolve(resultOf(request.status, request.response));
      } catch (error) {
        reject(error);
      }
    });
    request.addEventListener('error', () => reject(new ApiError('upload failed', 'NETWORK')));
    request.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    if (signal) signal.addEventListener('abort', () => request.abort());
    request.send(form);
  });
}

/** Build an address under the API root with query parameters, leaving out empty ones. */
export function apiUrl(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') query.set(name, value);
  }
  const text = query.toString();
  return `${API_ROOT}${path}${text ? `?${text}` : ''}`;
}
