import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { createStore } from 'solid-js/store';
import { Banner, Button, ErrorBanner, Field } from '../ui/components';
import { CopyButton } from './CopyButton';
import { type CandidateFields, candidates, type ImportReport, type ParsedResume } from './candidates';
import { org } from './data';
import { createSubmission } from './forms';

type Mode = 'individual' | 'excel' | 'resumes';

function ImportReportView(props: { report: ImportReport }) {
  return (
    <div class="hf-stack" role="status">
      <Banner tone={props.report.errors.length ? 'warning' : 'success'}>
        {`${props.report.imported} imported, ${props.report.skippedDuplicates} already there, ${props.report.errors.length} with problems.`}
      </Banner>
      <Show when={props.report.errors.length > 0}>
        <ul aria-label="Rows not imported">
          <For each={props.report.errors}>{(e) => <li>{`Row ${e.row}: ${e.reason}`}</li>}</For>
        </ul>
      </Show>
    </div>
  );
}

/** The form's fields, in order, with the words a recruiter reads for each (never the wire names). */
const FIELD_LABELS: Record<keyof CandidateFields, string> = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  school: 'School',
  workExperience: 'Work experience',
};
const FIELDS = Object.keys(FIELD_LABELS) as (keyof CandidateFields)[];
const emptyFields = (): Record<keyof CandidateFields, string> => ({ name: '', email: '', phone: '', school: '', workExperience: '' });

/**
 * One candidate. A resume PDF fills the fields still empty, for the recruiter to check before
 * Add candidate; typed values are never overwritten. After a success the form starts over and the
 * new invite link stays at its top.
 */
function Individually(props: { interviewId: string; onAdded: () => void }) {
  const submission = createSubmission();
  const reading = createSubmission();
  const [inviteUrl, setInviteUrl] = createSignal<string | null>(null);
  const [values, setValues] = createStore(emptyFields());
  const [filledFrom, setFilledFrom] = createSignal<{ fileName: string; fields: string[] } | null>(null);
  let form: HTMLFormElement | undefined;
  let resumeInput: HTMLInputElement | undefined;
  const input = (field: keyof CandidateFields, type = 'text') => (
    <input id={`cand-${field}`} name={field} type={type} autocomplete="off" value={values[field]} onInput={(e) => setValues(field, e.currentTarget.value)} />
  );

  async function readResume(file: File | undefined) {
    setFilledFrom(null);
    if (!file) return;
    const preview = await reading.run(() => candidates.previewResume(props.interviewId, file));
    if (!preview) {
      if (resumeInput) resumeInput.value = '';
      return;
    }
    const filled = FIELDS.filter((f) => !values[f].trim() && preview.fields[f]);
    for (const f of filled) setValues(f, String(preview.fields[f]));
    setFilledFrom({ fileName: preview.fileName, fields: filled.map((f) => FIELD_LABELS[f]) });
  }

  return (
    <div class="hf-stack">
      <Show when={inviteUrl()}>
        {(url) => (
          <div class="hf-stack hf-added" role="status">
            <span>Candidate added. Their invite link:</span>
            <div class="hf-row">
              <input aria-label="Invite link" class="hf-input" readOnly value={url()} size={36} />
              <CopyButton text={url()} label="Copy invite link" />
            </div>
            <span class="hf-muted">The form below is empty again for the next candidate.</span>
          </div>
        )}
      </Show>
      <form
        ref={form}
        aria-label="Create individually"
        onSubmit={async (e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          if (!(data.get('resume') as File | null)?.size) data.delete('resume');
          const made = await submission.run(() => candidates.createIndividually(props.interviewId, data));
          if (made) {
            setInviteUrl(made.inviteUrl);
            setValues(emptyFields());
            setFilledFrom(null);
            form?.reset();
            props.onAdded();
            form?.querySelector<HTMLInputElement>('#cand-name')?.focus();
          }
        }}
      >
        <Field
          label="Resume (PDF, fills the empty fields for you to check)"
          id="cand-resume"
          error={reading.fieldError('resume') ?? reading.error() ?? submission.fieldError('resume')}
        >
          <input ref={resumeInput} id="cand-resume" name="resume" type="file" accept="application/pdf" onChange={(e) => void readResume(e.currentTarget.files?.[0])} />
        </Field>
        <Show when={reading.busy()}>
          <p class="hf-muted" role="status">
            Reading the resume…
          </p>
        </Show>
        <Show when={filledFrom()}>
          {(f) => (
            <p class="hf-muted" role="status">
              {f().fields.length
                ? `Filled from ${f().fileName}: ${f().fields.join(', ')}. Check them, then add the candidate.`
                : `${f().fileName} gave nothing for the empty fields; it will be kept as the resume.`}
            </p>
          )}
        </Show>
        <Field label="Name" id="cand-name" hint="Required, unless a resume fills it." error={submission.fieldError('name')}>
          {input('name')}
        </Field>
        <Field label="Email" id="cand-email" error={submission.fieldError('email')}>
          {input('email', 'email')}
        </Field>
        <Field label="Phone" id="cand-phone" error={submission.fieldError('phone')}>
          {input('phone', 'tel')}
        </Field>
        <Field label="School" id="cand-school" error={submission.fieldError('school')}>
          {input('school')}
        </Field>
        <Field label="Work experience" id="cand-workExperience" error={submission.fieldError('workExperience')}>
          <textarea id="cand-workExperience" name="workExperience" value={values.workExperience} onInput={(e) => setValues('workExperience', e.currentTarget.value)} />
        </Field>
        <ErrorBanner message={submission.error()} />
        <Button type="submit" disabled={submission.busy() || reading.busy()}>
          Add candidate
        </Button>
      </form>
    </div>
  );
}

function ByExcel(props: { interviewId: string; onAdded: () => void }) {
  const submission = createSubmission();
  const [progress, setProgress] = createSignal<number | null>(null);
  const [report, setReport] = createSignal<ImportReport | null>(null);
  return (
    <form
      aria-label="Import by Excel"
      onSubmit={async (e) => {
        e.preventDefault();
        const file = (new FormData(e.currentTarget).get('file') as File | null) ?? null;
        if (!file?.size) return;
        setReport(null);
        setProgress(0);
        const result = await submission.run(() => candidates.importSheet(props.interviewId, file, setProgress));
        setProgress(null);
        if (result) {
          setReport(result);
          props.onAdded();
        }
      }}
    >
      <p>
        <a href={candidates.templateUrl(props.interviewId)} download="holdfast-candidates.xlsx">
          Download the template (.xlsx)
        </a>{' '}
        — one row per candidate; Name is required on every row. CSV works too.
      </p>
      <Field label="Spreadsheet (.xlsx or .csv)" id="import-file" error={submission.fieldError('file')}>
        <input id="import-file" name="file" type="file" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" required />
      </Field>
      <Show when={progress() !== null}>
        <label class="hf-label" for="import-progress">
          Uploading
        </label>
        <progress id="import-progress" max={1} value={progress() ?? 0} />
      </Show>
      <ErrorBanner message={submission.error()} />
      <Show when={report()}>{(r) => <ImportReportView report={r()} />}</Show>
      <Button type="submit" disabled={submission.busy()}>
        Import
      </Button>
    </form>
  );
}

function ByResumes(props: { interviewId: string; onAdded: () => void }) {
  const parse = createSubmission();
  const create = createSubmission();
  const [progress, setProgress] = createSignal<number | null>(null);
  const [parsed, setParsed] = createStore<{ list: ParsedResume[]; tokensLeft: number | null }>({ list: [], tokensLeft: null });
  const [report, setReport] = createSignal<ImportReport | null>(null);
  const [failed, setFailed] = createSignal<{ fileName: string; reason: string }[]>([]);
  const [balance] = createResource(() => org.get());
  return (
    <div class="hf-stack">
      <form
        aria-label="Import by resumes"
        onSubmit={async (e) => {
          e.preventDefault();
          const files = (new FormData(e.currentTarget).getAll('files') as File[]).filter((f) => f.size > 0);
          if (!files.length) return;
          setProgress(0);
          setReport(null);
          setFailed([]);
          const result = await parse.run(() => candidates.parseResumes(props.interviewId, files, setProgress));
          setProgress(null);
          if (result) {
            setParsed({ list: result.parsed, tokensLeft: result.tokensLeft });
            setFailed(result.failed);
          }
        }}
      >
        <p class="hf-muted">
          Each resume costs 5 AI tokens. <Show when={balance()}>{(b) => <span>Your organization has {parsed.tokensLeft ?? b().aiTokens} tokens.</span>}</Show>
        </p>
        <Field label="Resumes (PDF)" id="resume-files">
          <input id="resume-files" name="files" type="file" accept="application/pdf" multiple required />
        </Field>
        <Show when={progress() !== null}>
          <progress aria-label="Uploading resumes" max={1} value={progress() ?? 0} />
        </Show>
        <ErrorBanner message={parse.error()} />
        <Button type="submit" disabled={parse.busy()}>
          Parse resumes
        </Button>
      </form>
      <Show when={failed().length > 0}>
        <Banner tone="warning">
          <div>
            {failed().length === 1
              ? 'One file could not be read and was skipped (no tokens spent on it):'
              : `${failed().length} files could not be read and were skipped (no tokens spent on them):`}
            <ul aria-label="Resumes not read">
              <For each={failed()}>{(f) => <li>{`${f.fileName}: ${f.reason}`}</li>}</For>
            </ul>
          </div>
        </Banner>
      </Show>
      <Show when={parsed.list.length > 0}>
        <p class="hf-muted">Check the details, then create the candidates. Tokens left: {parsed.tokensLeft}</p>
        {/* Focusable, so a keyboard can scroll the table sideways on a phone (WCAG 2.1.1). */}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
        <section class="hf-table-wrap" aria-label="Parsed resumes" tabIndex={0}>
          <table class="hf-table" aria-label="Parsed resumes">
            <thead>
              <tr>
                <th scope="col">File</th>
                <For each={FIELDS}>{(f) => <th scope="col">{FIELD_LABELS[f]}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={parsed.list}>
                {(resume, i) => (
                  <tr>
                    <td>{resume.fileName}</td>
                    <For each={FIELDS}>
                      {(f) => (
                        <td>
                          <input
                            aria-label={`${FIELD_LABELS[f]} from ${resume.fileName}`}
                            class="hf-input"
                            value={String(resume.fields[f] ?? '')}
                            onInput={(e) => setParsed('list', i(), 'fields', f, e.currentTarget.value)}
                          />
                        </td>
                      )}
                    </For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </section>
        <ErrorBanner message={create.error()} />
        <Button
          disabled={create.busy()}
          onClick={async () => {
            const list = parsed.list.map((r) => ({ ...Object.fromEntries(Object.entries(r.fields).filter(([, v]) => v !== '' && v != null)), resumeId: r.resumeId }));
            const result = await create.run(() => candidates.bulk(props.interviewId, list));
            if (result) {
              setReport(result);
              setParsed({ list: [], tokensLeft: parsed.tokensLeft });
              props.onAdded();
            }
          }}
        >
          Create candidates
        </Button>
      </Show>
      <Show when={report()}>{(r) => <ImportReportView report={r()} />}</Show>
    </div>
  );
}

/** "+ Add": create individually, import by Excel, import by resumes. */
export function AddCandidates(props: { interviewId: string; onAdded: () => void }) {
  const [mode, setMode] = createSignal<Mode | null>(null);
  let dialog: HTMLDialogElement | undefined;
  let menu: HTMLDetailsElement | undefined;
  const open = (m: Mode) => {
    // The menu has done its job: closed, so it is not left open behind the dialog or after it.
    if (menu) menu.open = false;
    setMode(m);
    dialog?.showModal();
  };
  const titles: Record<Mode, string> = { individual: 'Create individually', excel: 'Import by Excel', resumes: 'Import by resumes' };
  const dialogTitle = () => {
    const m = mode();
    return m ? titles[m] : 'Add candidates';
  };
  return (
    <>
      <details class="hf-menu" ref={menu}>
        <summary class="hf-button">+ Add</summary>
        <fieldset class="hf-group hf-menu-items" aria-label="Add candidates">
          <Button variant="secondary" onClick={() => open('individual')}>
            Create individually
          </Button>
          <Button variant="secondary" onClick={() => open('excel')}>
            Import by Excel
          </Button>
          <Button variant="secondary" onClick={() => open('resumes')}>
            Import by resumes
          </Button>
        </fieldset>
      </details>
      <dialog ref={dialog} class="hf-dialog" aria-label={dialogTitle()} onClose={() => setMode(null)}>
        <Show when={mode()}>
          {(m) => (
            <div class="hf-stack">
              <div class="hf-row">
                <h2>{titles[m()]}</h2>
                <span class="hf-spacer" />
                <Button variant="quiet" onClick={() => dialog?.close()}>
                  Close
                </Button>
              </div>
              <Switch>
                <Match when={m() === 'individual'}>
                  <Individually interviewId={props.interviewId} onAdded={props.onAdded} />
                </Match>
                <Match when={m() === 'excel'}>
                  <ByExcel interviewId={props.interviewId} onAdded={props.onAdded} />
                </Match>
                <Match when={m() === 'resumes'}>
                  <ByResumes interviewId={props.interviewId} onAdded={props.onAdded} />
                </Match>
              </Switch>
            </div>
          )}
        </Show>
      </dialog>
    </>
  );
}
