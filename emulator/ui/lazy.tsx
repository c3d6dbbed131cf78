import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A component whose code loads after the first paint: the vendor's workbench shows at once, and parts it does
 * not need to paint first (an open conversation, the emulator-only panels) arrive a few milliseconds later.
 * Loading starts on mount, whether or not the part is shown yet.
 */
export function lazyComponent<P extends object>(
  load: () => Promise<ComponentType<P>>,
  fallback: (props: P) => JSX.Element | null = () => null,
): (props: P) => JSX.Element | null {
  let loaded: ComponentType<P> | null = null;
  return function Lazy(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    useEffect(() => {
      if (Component) return;
      let live = true;
      void load().then((c) => {
        loaded = c;
        if (live) setComponent(() => c);
      });
      return () => {
        live = false;
      };
    }, [Component]);
    return Component ? <Component {...props} /> : fallback(props);
  };
}
