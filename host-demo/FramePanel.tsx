import { useLayoutEffect, useRef } from 'preact/hooks';
import { attach, connectError } from './session';

/**
 * The framed console. The client listens before `src` is set: the console posts its first events as soon as it
 * loads, and a plain effect (run after paint) could attach too late for a fast server.
 */
export function FramePanel({ src, origin }: { src: string; origin: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  useLayoutEffect(() => {
    const iframe = frame.current;
    if (!iframe) return;
    const detach = attach(iframe, origin);
    iframe.src = src;
    return detach;
  }, [src, origin]);
  return (
    <section class="panel frame-panel">
      <div class="frame-meta">
        <span class="label">Emulator</span>
        <a data-testid="emulator-url" href={src} target="_blank" rel="noreferrer" class="mono">
          {src}
        </a>
        <span class="muted">
          origin <span class="mono">{origin}</span>
        </span>
      </div>
      {connectError.value && (
        <p class="error" data-testid="connect-error">
          {connectError.value}
        </p>
      )}
      <iframe ref={frame} id="bytedesk-iframe" title="Agent console (emulator)" />
    </section>
  );
}
