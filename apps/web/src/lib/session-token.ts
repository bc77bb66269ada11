/**
 * The session token lives in this module's memory only: never localStorage, sessionStorage, a cookie
 * or a URL. Reloading the page signs the tab out, which is the price of keeping it out of storage.
 */
let token: string | null = null;

export const currentToken = (): string | null => token;
export function setToken(next: string | null): void {
  token = next;
}
