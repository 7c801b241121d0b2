export default function InterviewPage() {
  return <h1>Interview</h1>;
}
