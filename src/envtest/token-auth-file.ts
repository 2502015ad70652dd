/**
 * The static token file of kube-apiserver's `--token-auth-file`: one CSV line per user,
 * `token,user,uid,"group1,group2"`. Tokens are credentials: they are validated without ever
 * being echoed in an error.
 * @packageDocumentation
 */

/** A user the API server authenticates by a static bearer token. */
export interface TokenUser {
  /** The bearer token (printable ASCII without spaces, commas or quotes). */
  token: string;
  /** User name. */
  user: string;
  /** User UID. */
  uid: string;
  /** Groups, e.g. `['system:masters']`. */
  groups?: readonly string[];
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Renders the CSV file content. Throws a `RangeError` naming the user (never the token) when a
 * token is empty, repeated or holds characters that would need quoting.
 */
export function renderTokenAuthFile(users: readonly TokenUser[]): string {
  const seen = new Set<string>();
  const lines = users.map((u, i) => {
    const who = `token user #${i} (${JSON.stringify(u.user)})`;
    if (typeof u.token !== 'string' || !/^[\x21-\x7e]+$/.test(u.token) || /[",]/.test(u.token)) {
      throw new RangeError(`${who}: the token must be non-empty printable ASCII without spaces, commas or quotes`);
    }
    if (seen.has(u.token)) throw new RangeError(`${who}: the same token is given to more than one user`);
    seen.add(u.token);
    if (!u.user) throw new RangeError(`${who}: the user name must not be empty`);
    if (/[\r\n]/.test(u.user + u.uid + (u.groups ?? []).join(''))) throw new RangeError(`${who}: names must not contain line breaks`);
    const fields = [u.token, csvField(u.user), csvField(u.uid ?? '')];
    if (u.groups?.length) {
      for (const g of u.groups) if (!g || g.includes(',')) throw new RangeError(`${who}: group names must be non-empty and without commas`);
      fields.push(csvField(u.groups.join(',')));
    }
    return fields.join(',');
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}
