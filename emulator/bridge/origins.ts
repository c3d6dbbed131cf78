/**
 * docs/protocol.md §6. By default the console listens to, and posts to, exactly the origin that frames it. An
 * operator may pin an allowlist instead, and may ask for another post target, `*` included, but only explicitly.
 */
export interface OriginPolicy {
  accepts(origin: string): boolean;
  /** Where events go; null means nowhere (the parent's origin is unknown and none was configured). */
  readonly postTarget: string | null;
  /** One line for the inspector. */
  readonly summary: string;
}

export function originPolicy(options: { parent: string | null; allow: string[]; postOrigin?: string }): OriginPolicy {
  const { parent, allow, postOrigin } = options;
  if (allow.length > 0) {
    const fallback = parent && allow.includes(parent) ? parent : allow.length === 1 ? (allow[0] ?? null) : null;
    const postTarget = postOrigin ?? fallback;
    return {
      accepts: (origin) => allow.includes(origin),
      postTarget,
      summary: `allowlist ${allow.join(', ')}; posting to ${postTarget ?? 'nobody (parent not in the allowlist)'}`,
    };
  }
  const postTarget = postOrigin ?? parent;
  return {
    accepts: (origin) => parent !== null && origin === parent,
    postTarget,
    summary: parent
      ? `parent origin ${parent}; posting to ${postTarget}`
      : `parent origin unknown: set allowOrigin to accept commands; posting to ${postTarget ?? 'nobody'}`,
  };
}
