// Installed as an init script in every frame; it wakes up only in the framed emulator (vendor paths). It times the
// first render from the frame's own navigation start, and floods with the UI watched until it stops changing.
(() => {
  if (window === window.top || !/^\/(agent\/|desktop)/.test(location.pathname)) return;

  // Forces style and layout, so a timestamp taken after it includes the work that makes the frame visible.
  const layout = () => document.body?.getBoundingClientRect();

  const probe = { firstRows: undefined, firstRender: undefined };
  window.__bench = probe;

  // First render: the first thread row in the DOM, then the animation frame that lays it out.
  const firstRows = new MutationObserver(() => {
    if (!document.querySelector('[data-testid="thread-item"]')) return;
    firstRows.disconnect();
    probe.firstRows = performance.now();
    requestAnimationFrame(() => {
      layout();
      probe.firstRender = performance.now();
    });
  });
  firstRows.observe(document, { childList: true, subtree: true });

  /**
   * `emulator.flood(count)`, then watches the DOM until it has been quiet for `quietMs`: the UI has settled at the
   * animation frame after its last mutation (inspector redraws included). Times are on the shared wall clock
   * (timeOrigin + now) so the host's arrival times compare with them.
   */
  probe.flood = (count, quietMs) =>
    new Promise((resolve, reject) => {
      const wall = (t) => performance.timeOrigin + t;
      let mutations = 0;
      let lastMutation = 0;
      let settled = 0;
      let framePending = false;
      let quiet;
      const finish = () => {
        watch.disconnect();
        resolve({
          t0: wall(t0),
          returned: wall(returned),
          lastMutation: wall(lastMutation),
          settled: wall(settled),
          mutations,
        });
      };
      const watch = new MutationObserver((records) => {
        mutations += records.length;
        lastMutation = performance.now();
        if (!framePending) {
          framePending = true;
          requestAnimationFrame(() => {
            framePending = false;
            layout();
            settled = performance.now();
          });
        }
        clearTimeout(quiet);
        quiet = setTimeout(finish, quietMs);
      });
      watch.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      const t0 = performance.now();
      try {
        window.emulator.flood(count);
      } catch (error) {
        watch.disconnect();
        reject(error);
        return;
      }
      const returned = performance.now();
      settled = returned;
      lastMutation = returned;
      quiet = setTimeout(finish, quietMs);
    });
})();
