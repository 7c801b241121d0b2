import { A } from '@solidjs/router';

/** The recruiter dashboard's entry chunk. Its screens arrive with the accounts issue. */
export default function Dashboard() {
  return (
    <>
      <header class="hf-topbar">
        <A class="hf-brand" href="/">
          Holdfast
        </A>
        <span>Dashboard</span>
      </header>
      <div class="hf-page hf-page--wide">
        <section class="hf-card">
          <h1>Dashboard</h1>
          <p>Recruiter screens load here.</p>
        </section>
      </div>
    </>
  );
}
