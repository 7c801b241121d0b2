import { A } from '@solidjs/router';

export function NotFound() {
  return (
    <div class="hf-page">
      <section class="hf-card">
        <h1>Page not found</h1>
        <p>This address does not lead anywhere in Holdfast. If you followed an interview link, check that it was copied whole.</p>
        <A href="/">Go to the start page</A>
      </section>
    </div>
  );
}
