/**
 * docs/protocol.md §6. By default the console listens to, and posts to, exactly the origin that frames it. An
 * operator may pin an allowlist instead, and may ask for another post target, `*` included, but only explicitly.
 *
 * When the frame cannot tell its parent's origin (Firefox with `<iframe referrerpolicy="no-referrer">`: no
 * ancestorOrigins, no referrer), the policy starts unknown and learns it from the first message the parent
 * window sends: the browser sets `event.origin` for that message, and `event.source === window.parent` (checked
 * by the bridge) proves who sent it. Until then it accepts nothing, and the bridge withholds events.
 */
export interface OriginPolicy {
  accepts(origin: string): boolean;
  /** Where events go; null means nowhere yet (the parent's origin is unknown and none was configured). */
  readonly postTarget: string | null;
  /** One line for the inspector. */
  readonly summary: string;
  /** True while the parent's origin is unknown and its window's first message can still teach it. */
  readonly learning: boolean;
  /**
   * Learns the parent's origin from a message the parent window sent (the caller has checked the source).
   * Returns null when learnt (or when nothing was left to learn), else why this origin was not learnt.
   */
  learn(origin: string): string | null;
}

interface Options {
  /** The parent's origin as the frame tells it (parentOrigin in framing.ts); null when it does not. */
  parent: string | null;
  allow: string[];
  postOrigin?: string;
}

/** The policy once the parent's origin is known, or known to be unknown. */
function fixed({ parent, allow, postOrigin }: Options): Omit<OriginPolicy, 'learning' | 'learn'> {
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
    // An origin is a string: an unknown (null) parent matches none.
    accepts: (origin) => origin === parent,
    postTarget,
    summary: parent
      ? `parent origin ${parent}; posting to ${postTarget}`
      : `parent origin unknown; posting to ${postTarget ?? 'nobody'}`,
  };
}

export function originPolicy(options: Options): OriginPolicy {
  let current = fixed(options);
  let learning = options.parent === null;
  let learnt: string | null = null;
  const pins = options.allow.length > 0 ? 'allowOrigin pins who may send' : 'allowOrigin would pin who may send';
  return {
    accepts: (origin) => current.accepts(origin),
    get postTarget() {
      return current.postTarget;
    },
    get summary() {
      if (learnt) return `${current.summary} (learnt from the parent window's first message)`;
      if (!learning) return current.summary;
      return `${current.summary}; the frame does not tell its parent's origin (no ancestorOrigins, no referrer): learning it from the parent window's first message (${pins}, postOrigin where events go)`;
    },
    get learning() {
      return learning;
    },
    learn(origin) {
      if (!learning) return null;
      // An opaque origin (a sandboxed parent) cannot be posted to by name: nothing to learn.
      if (origin === 'null' || origin === '') return `the parent window's origin is opaque (${JSON.stringify(origin)})`;
      if (options.allow.length > 0 && !options.allow.includes(origin))
        return `the parent window's origin ${origin} is not in the allowlist (${options.allow.join(', ')})`;
      learning = false;
      learnt = origin;
      current = fixed({ ...options, parent: origin });
      return null;
    },
  };
}
