// The served invite page (worker/candidates/invite-page.ts) loads the app through this script
// rather than a module script in its head: the app's script is fetched and run only after the
// served first screen has been painted, so that paint never waits for it, however fast the
// network. Plain JavaScript because it is copied as it is (app/public) and must stay tiny.
(() => {
  const app = document.currentScript?.getAttribute('data-app');
  if (!app) return;
  // A tap on Start before the app is in is the app's to act on (app/src/candidate/served.ts reads
  // the mark), not a form post that would reload the page without what was ticked.
  document.querySelector('#root form')?.addEventListener('submit', (event) => {
    event.preventDefault();
    event.target.dataset.tapped = 'true';
  });
  let loaded = false;
  const load = () => {
    if (loaded) return;
    loaded = true;
    const script = document.createElement('script');
    script.type = 'module';
    script.crossOrigin = '';
    script.src = app;
    document.head.append(script);
  };
  // A task queued from an animation frame runs after that frame is painted. A page opened in a
  // background tab gets no frames: the timer loads the app there.
  requestAnimationFrame(() => setTimeout(load));
  setTimeout(load, 1000);
})();
