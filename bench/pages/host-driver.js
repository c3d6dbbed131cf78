// The host side of every postMessage measurement. It runs in the host page (another site than the frames), so
// the timings include the cross-process hop that integrators get. Plain JS: Playwright only calls into it.
(() => {
  const now = () => performance.now();
  /** name → { iframe, origin, send(message), onMessage?, remote? } */
  const frames = new Map();

  /** contentWindow → frame: one lookup per message whichever frame sent it, so no target pays for its place. */
  const bySource = new Map();

  addEventListener('message', (event) => {
    const frame = bySource.get(event.source);
    if (frame && event.origin === frame.origin) frame.onMessage?.(event.data);
  });

  const insert = (frame) => {
    document.body.append(frame.iframe);
    bySource.set(frame.iframe.contentWindow, frame);
  };

  const mustFrame = (name) => {
    const frame = frames.get(name);
    if (!frame) throw new Error(`bench: no frame named ${name}; open it first`);
    return frame;
  };

  const statusAt = (i) => (i % 2 ? 'BUSY' : 'AVAILABLE');

  const nextMessage = (frame, type, timeoutMs) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        frame.onMessage = undefined;
        reject(new Error(`bench: no ${type} from ${frame.iframe.src} within ${timeoutMs} ms`));
      }, timeoutMs);
      frame.onMessage = (data) => {
        if (data?.type !== type) return;
        clearTimeout(timer);
        frame.onMessage = undefined;
        resolve(data);
      };
    });

  window.bench = {
    /**
     * Frames `src` and resolves once it answers: `ready` is the message type it sends when listening
     * (the emulator's first unread_message_count, the echo's bench-ready), or 'penpal' for a penpal child.
     */
    async open(name, src, ready) {
      const iframe = document.createElement('iframe');
      iframe.src = src;
      iframe.width = '1100';
      iframe.height = '720';
      const frame = { iframe, origin: new URL(src).origin };
      frame.send = (message) => iframe.contentWindow.postMessage(message, frame.origin);
      frames.set(name, frame);
      if (ready === 'penpal') {
        insert(frame);
        const messenger = new Penpal.WindowMessenger({
          remoteWindow: iframe.contentWindow,
          allowedOrigins: [frame.origin],
        });
        frame.remote = await Penpal.connect({ messenger, timeout: 20_000 }).promise;
        return;
      }
      const answered = nextMessage(frame, ready, 20_000);
      insert(frame);
      await answered;
    },

    /** A MessageChannel to an open echo frame, registered as target `name`: the raw floor of channel transports. */
    async openPort(name, echoName) {
      const echo = mustFrame(echoName);
      const { port1, port2 } = new MessageChannel();
      const target = { iframe: echo.iframe, origin: echo.origin, send: (m) => port1.postMessage(m) };
      port1.onmessage = (event) => target.onMessage?.(event.data);
      frames.set(name, target);
      const answered = nextMessage(target, 'bench-ready', 20_000);
      echo.iframe.contentWindow.postMessage({ type: 'bench-port' }, echo.origin, [port2]);
      await answered;
    },

    /**
     * Makes the echo frames answer with the emulator's own agent_status_changed payload (the floor: an echo
     * that answers the same payload), so that cloning it costs them what it costs the emulator. Returns the JSON
     * length of each frame's answer, the emulator's first, for the bench to check they match.
     */
    async mirror(fromName, toNames) {
      const roundTrip = async (frame) => {
        if (frame.remote) return frame.remote.updateAgentStatus('AVAILABLE');
        const answer = nextMessage(frame, 'agent_status_changed', 10_000);
        frame.send({ type: 'update_agent_status', data: { status: 'AVAILABLE' } });
        return answer;
      };
      const { data } = await roundTrip(mustFrame(fromName));
      const lengths = { [fromName]: JSON.stringify(data).length };
      for (const name of toNames) {
        const to = mustFrame(name);
        const taught = nextMessage(to, 'bench-payload-ok', 10_000);
        to.iframe.contentWindow.postMessage({ type: 'bench-payload', data }, to.origin);
        await taught;
        lengths[name] = JSON.stringify((await roundTrip(to)).data).length;
      }
      return lengths;
    },

    /** `count` sequential round trips, each timed alone; `warmup` more first, not recorded. */
    async roundTrips(name, count, warmup) {
      const frame = mustFrame(name);
      const samples = new Array(count);
      for (let i = -warmup; i < count; i++) {
        const status = statusAt(i);
        const t0 = now();
        if (frame.remote) await frame.remote.updateAgentStatus(status);
        else {
          const answer = nextMessage(frame, 'agent_status_changed', 10_000);
          frame.send({ type: 'update_agent_status', data: { status } });
          await answer;
        }
        if (i >= 0) samples[i] = now() - t0;
      }
      return samples;
    },

    /** Fires `count` commands without waiting, and times until the last acknowledgement is back. */
    storm(name, count) {
      const frame = mustFrame(name);
      return new Promise((resolve, reject) => {
        let acknowledged = 0;
        const t0 = now();
        const timer = setTimeout(() => {
          frame.onMessage = undefined;
          reject(new Error(`bench: storm got ${acknowledged} of ${count} acknowledgements within 60 s`));
        }, 60_000);
        frame.onMessage = (data) => {
          if (data?.type !== 'agent_status_changed' || ++acknowledged < count) return;
          clearTimeout(timer);
          frame.onMessage = undefined;
          resolve({ ms: now() - t0, postingMs });
        };
        for (let i = 0; i < count; i++) frame.send({ type: 'update_agent_status', data: { status: statusAt(i) } });
        const postingMs = now() - t0;
      });
    },

    /**
     * Inserts a frame of `src` and times, from just before the insertion, until its first message of `type`
     * arrives here: what an integrator waits before the console can be talked to. The frame stays until
     * `removeTimed()`; its navigation start is returned on the wall clock, to place the frame's own marks.
     */
    firstMessage(src, type) {
      const iframe = document.createElement('iframe');
      iframe.src = src;
      iframe.width = '1100';
      iframe.height = '720';
      iframe.dataset.timed = '';
      const origin = new URL(src).origin;
      return new Promise((resolve, reject) => {
        const on = (event) => {
          if (event.source !== iframe.contentWindow || event.origin !== origin || event.data?.type !== type) return;
          const ms = now() - t0;
          clearTimeout(timer);
          removeEventListener('message', on);
          resolve({ ms, insertedAt: performance.timeOrigin + t0 });
        };
        const timer = setTimeout(() => {
          removeEventListener('message', on);
          reject(new Error(`bench: no ${type} from ${src} within 20 s`));
        }, 20_000);
        addEventListener('message', on);
        const t0 = now();
        document.body.append(iframe);
      });
    },

    removeTimed() {
      for (const iframe of document.querySelectorAll('iframe[data-timed]')) iframe.remove();
    },

    /** Starts recording arrivals of `type` from a frame, on the shared wall clock (timeOrigin + now). */
    record(name, type) {
      const frame = mustFrame(name);
      const arrivals = [];
      frame.arrivals = arrivals;
      frame.onMessage = (data) => {
        if (data?.type !== type) return;
        arrivals.push({ at: performance.timeOrigin + now(), total: data.data?.totalUnreadCount });
      };
    },

    recorded(name) {
      const frame = mustFrame(name);
      frame.onMessage = undefined;
      return frame.arrivals ?? [];
    },
  };
})();
