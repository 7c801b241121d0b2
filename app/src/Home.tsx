import { A } from '@solidjs/router';
import { LocalInterviews } from './candidate/LocalInterviews';

export function Home() {
  return (
    <>
      <header class="hf-topbar">
        <span class="hf-brand">Holdfast</span>
      </header>
      <div class="hf-page hf-stack">
        <LocalInterviews />
        <section class="hf-card">
          <h1>Interviews that survive bad networks</h1>
          <p>
            Candidates answer video, audio and written questions on their own phone or laptop. Every answer is kept on the device until it is safely saved, so a dropped connection,
            a closed tab or a dead battery loses nothing.
          </p>
          <p class="hf-muted">Taking an interview? Open the link from your invitation email: it brings you straight to your interview.</p>
        </section>
        <section class="hf-card">
          <h2>For recruiters</h2>
          <div class="hf-row">
            <A class="hf-button" href="/dashboard/login">
              Log in
            </A>
            <A class="hf-button hf-button--secondary" href="/dashboard/signup">
              Create an organization
            </A>
          </div>
        </section>
      </div>
    </>
  );
}
