import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

/** Closes an open popover on a press outside `root` or on Escape, like the vendor's dropdowns. */
export function useDismiss(open: boolean, close: () => void, root: RefObject<HTMLElement | null>): void {
  useEscape(open, close);
  useEffect(() => {
    if (!open) return;
    const onDown = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) close();
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);
}

/**
 * Closes on Escape while open. A modal uses this half alone: it closes on a click on its mask instead, so the
 * click that dismisses it is not also a click on what lies beneath.
 */
export function useEscape(open: boolean, close: () => void): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
}
