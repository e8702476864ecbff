// The signed-in user, as `me` returns it. The session itself is an HttpOnly cookie that
// only the browser and the server see.

import { ApiError, graphql } from './api.js';

export const ME_QUERY = `
  query ConsoleMe {
    me {
      id
      username
      firstName
      lastName
      role
      roleLabel
      agency { id kind nameTh nameEn shortNameTh }
    }
  }
`;

let user = null;

/** Return the signed-in user, or null. */
export function currentUser() {
  return user;
}

/** Remember the user that a sign-in returned. */
export function setCurrentUser(value) {
  user = value;
}

/** Ask the API who is signed in, and return that user or null. */
export async function loadCurrentUser() {
  try {
    const data = await graphql(ME_QUERY);
    user = data.me || null;
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'UNAUTHENTICATED') throw error;
    user = null;
  }
  return user;
}

/** End the session on the server and forget the user here, whatever the server replies. */
export async function signOut() {
  try {
    await graphql('mutation ConsoleLogout { logout { errors { field code message } } }');
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  } finally {
    user = null;
  }
}
