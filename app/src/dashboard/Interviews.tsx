export default function Interviews() {
  return <h1>Interviews</h1>;
}
