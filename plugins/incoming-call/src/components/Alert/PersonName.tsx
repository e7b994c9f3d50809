/** A person (or team) by display name, with their entity ref on hover. */
export function PersonName(props: { entityRef: string; name?: string }) {
  const { entityRef, name } = props;
  return <span title={entityRef}>{name || entityRef}</span>;
}
